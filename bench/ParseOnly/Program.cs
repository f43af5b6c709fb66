using YamlDotNet.Core;
using YamlDotNet.Core.Events;

// The floor for lint benchmarks: find the same files and run YamlDotNet's parser over every event, in
// parallel like the linter, building nothing. CanaryGuard's overhead is its time above this.
var root = args.Length > 0 ? args[0] : ".";
var files = Directory.EnumerateFiles(root, "*.yaml", SearchOption.AllDirectories).ToList();
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
