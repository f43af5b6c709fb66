using System.Globalization;
using CanaryGuard.Bench.Corpus;

// canaryguard-corpus --apps N --out DIR [--seed S] [--apps-per-namespace K]: a deterministic synthetic repository for benchmarks.
var apps = 100;
var output = "corpus";
var seed = 42;
var appsPerNamespace = 20;
for (var i = 0; i + 1 < args.Length; i += 2)
{
    switch (args[i])
    {
        case "--apps":
            apps = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
            break;
        case "--out":
            output = args[i + 1];
            break;
        case "--seed":
            seed = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
            break;
        case "--apps-per-namespace":
            appsPerNamespace = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
            break;
        default:
            Console.Error.WriteLine($"unknown option {args[i]}; usage: canaryguard-corpus --apps N --out DIR [--seed S] [--apps-per-namespace K]");
            return 2;
    }
}

var summary = CorpusGenerator.Write(apps, output, seed, appsPerNamespace);
Console.WriteLine(summary);
return 0;
