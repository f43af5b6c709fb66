using System.Security.Cryptography;

namespace CanaryGuard.Webhook.Hosting;

/// <summary>
/// Calls back when the content of a set of files changes. Kubernetes updates Secret and ConfigMap volumes by
/// swapping a symlinked folder, which file-level watches miss, so this watches the whole folder and also
/// re-checks on a timer. Changes are detected by content hash, so touching a file or a burst of events for one
/// update calls back once. Checks never overlap.
/// </summary>
public sealed class FileChangeMonitor : IDisposable
{
    private readonly IReadOnlyList<string> files;
    private readonly Action onChange;
    private readonly List<FileSystemWatcher> watchers = [];
    private readonly Timer timer;
    private readonly Lock gate = new();
    private string? fingerprint;

    public FileChangeMonitor(IReadOnlyList<string> files, TimeSpan recheckInterval, Action onChange)
    {
        this.files = [.. files.Select(Path.GetFullPath)];
        this.onChange = onChange;
        fingerprint = Fingerprint();
        foreach (var folder in this.files.Select(Path.GetDirectoryName).Distinct(StringComparer.Ordinal))
        {
            var watcher = new FileSystemWatcher(folder!)
            {
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime,
                IncludeSubdirectories = false,
            };
            watcher.Changed += (_, _) => Check();
            watcher.Created += (_, _) => Check();
            watcher.Renamed += (_, _) => Check();
            watcher.Deleted += (_, _) => Check();
            watcher.EnableRaisingEvents = true;
            watchers.Add(watcher);
        }

        timer = new Timer(_ => Check(), null, recheckInterval, recheckInterval);
    }

    /// <summary>Compares the files with what was last seen and calls back if they differ; also what the watch and timer call.</summary>
    public void Check()
    {
        lock (gate)
        {
            var current = Fingerprint();
            if (current is null || current == fingerprint)
            {
                return;
            }

            fingerprint = current;
            onChange();
        }
    }

    public void Dispose()
    {
        timer.Dispose();
        foreach (var watcher in watchers)
        {
            watcher.Dispose();
        }
    }

    /// <summary>A hash over every file's content, or null while one of them cannot be read (mid-swap).</summary>
    private string? Fingerprint()
    {
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            foreach (var file in files)
            {
                hash.AppendData(File.ReadAllBytes(file));
                hash.AppendData([0]);
            }

            return Convert.ToHexString(hash.GetHashAndReset());
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
