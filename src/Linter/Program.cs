using CanaryGuard.Linter;

return CanaryGuardCli.Run(args, CliIo.FromConsole());
