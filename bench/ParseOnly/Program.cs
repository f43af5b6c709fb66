using System.Collections.Concurrent;
using CanaryGuard.Linter.Inputs;
using CanaryGuard.Rules.Model;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

// Floors for the lint benchmarks, over the same files, in parallel like the linter:
//   DIR          YamlDotNet's parser over every event, building nothing (the floor docs/performance.md compares to).
//   DIR --trees  CanaryGuard's own file reading and reader into manifest trees that are all kept, as the linter keeps
//                them for its cross-file rules, and no rules: what reading costs the linter. The rest is rules and output.
var root = args.Length > 0 ? args[0] : ".";
var files = Directory.EnumerateFiles(root, "*.yaml", SearchOption.AllDirectories).ToList();
if (args.Contains("--trees"))
{
    var kept = new ConcurrentBag<ManifestFile>();
    var currentDirectory = Directory.GetCurrentDirectory();
    Parallel.ForEach(files, file => kept.Add(YamlManifestReader.Read(file, InputText.Read(file, currentDirectory))));
    Console.WriteLine($"{files.Count} files, {kept.Sum(f => f.Documents.Count)} documents kept");
    return;
}

long events = 0;
Parallel.ForEach(files, file =>
{
    var parser = new Parser(new StringReader(File.ReadAllText(file)));
    long local = 0;
    while (parser.MoveNext())
    {
        local += parser.Current is Scalar ? 1 : 0;
    }

    Interlocked.Add(ref events, local);
});
Console.WriteLine($"{files.Count} files, {events} scalars");
