using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(CanaryGuard.Bench.Benchmarks.RuleEngineBenchmarks).Assembly).Run(args);
