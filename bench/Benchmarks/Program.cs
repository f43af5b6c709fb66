using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/Benchmarks -- --filter '*'
// BenchmarkDotNet builds a project per benchmark class; on a loaded machine that can take longer than its
// default two minutes, so the build gets ten.
var config = ManualConfig.Create(DefaultConfig.Instance).WithBuildTimeout(TimeSpan.FromMinutes(10));
BenchmarkSwitcher.FromAssembly(typeof(CanaryGuard.Bench.Benchmarks.RuleEngineBenchmarks).Assembly).Run(args, config);
