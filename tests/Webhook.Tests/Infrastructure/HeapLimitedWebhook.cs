using System.Diagnostics;
using System.Globalization;
using System.Text;
using CanaryGuard.Webhook.Tests.Kubernetes;

namespace CanaryGuard.Webhook.Tests.Infrastructure;

/// <summary>
/// The built webhook (beside this test assembly) under <c>dotnet</c>, as the container runs it, with the heap .NET
/// gets in a 256 Mi pod (DOTNET_GCHeapHardLimit = 75% = 0xC000000), talking to a fake API server through a
/// kubeconfig; its output is collected for the test to wait on and read.
/// </summary>
internal sealed class HeapLimitedWebhook : IAsyncDisposable
{
    public const string HeapOf256MiPod = "0xC000000";

    private readonly StringBuilder log = new();
    private readonly Process process;

    private HeapLimitedWebhook(Process process)
    {
        this.process = process;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public bool HasExited => process.HasExited;

    /// <summary>Everything the webhook printed so far.</summary>
    public string Log
    {
        get
        {
            lock (log)
            {
                return log.ToString();
            }
        }
    }

    /// <summary>The most memory the process has had resident (VmHWM), in KiB.</summary>
    public long PeakResidentKib =>
        File.ReadAllLines($"/proc/{process.Id}/status").Where(l => l.StartsWith("VmHWM:", StringComparison.Ordinal))
            .Select(l => long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture)).Single();

    public static HeapLimitedWebhook Start(FakeApiServer api, TempFolder folder, params string[] arguments)
    {
        File.WriteAllText(folder.File("kubeconfig"), Kubeconfig(api));
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] commandLine = [Path.Combine(AppContext.BaseDirectory, "CanaryGuard.Webhook.dll"), "--dev", "--address", "127.0.0.1", "--port", "0", "--health-port", "0", .. arguments];
        foreach (var argument in commandLine)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["KUBECONFIG"] = folder.File("kubeconfig");
        start.Environment["DOTNET_GCHeapHardLimit"] = HeapOf256MiPod;
        start.Environment.Remove("KUBERNETES_SERVICE_HOST");
        return new HeapLimitedWebhook(Process.Start(start) ?? throw new InvalidOperationException("could not start the webhook"));
    }

    /// <summary>Waits (three minutes at most) until the log holds <paramref name="text"/> or the process ended.</summary>
    public async Task WaitForLogAsync(string text)
    {
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (!Log.Contains(text, StringComparison.Ordinal) && !process.HasExited && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        await process.WaitForExitAsync();
        process.Dispose();
    }

    private static string Kubeconfig(FakeApiServer api) => $"""
        apiVersion: v1
        kind: Config
        current-context: lab
        contexts: [{"{"}name: lab, context: {"{"}cluster: lab, user: ci, namespace: canaryguard-system{"}"}{"}"}]
        clusters: [{"{"}name: lab, cluster: {"{"}server: "{api.Uri}", certificate-authority-data: {Convert.ToBase64String(Encoding.UTF8.GetBytes(api.Certificate.ExportCertificatePem()))}{"}"}{"}"}]
        users: [{"{"}name: ci, user: {"{"}token: test-token{"}"}{"}"}]
        """;

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            log.AppendLine(line);
        }
    }
}
