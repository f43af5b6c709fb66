using System.CommandLine;
using CanaryGuard.Linter.Audit;

namespace CanaryGuard.Linter.Commands;

/// <summary>What <c>audit</c> was asked to do, after command-line parsing.</summary>
internal sealed record AuditRequest
{
    public string? Kubeconfig { get; init; }

    public string? Context { get; init; }

    /// <summary><c>--namespace</c>; with neither it nor <see cref="AllNamespaces"/>, the context's namespace (else <c>default</c>).</summary>
    public string? Namespace { get; init; }

    public bool AllNamespaces { get; init; }

    /// <summary><c>-l</c>: only the objects it selects are reported on; every object is still a look-up.</summary>
    public string? LabelSelector { get; init; }

    public required FindingSettings Findings { get; init; }

    public ReportOptions Reporting { get; init; } = new();
}

/// <summary>
/// <c>canaryguard audit</c>: lints what is running in a cluster. Its options are plain strings; the Kubernetes
/// client is used only by <see cref="AuditRunner"/>, reached from this command's action, so <c>lint</c> and every
/// other command never load it.
/// </summary>
internal static class AuditCommand
{
    public static Command Create(CliIo io)
    {
        var kubeconfig = new Option<string?>("--kubeconfig") { Description = "The kubeconfig file (default: the first file of $KUBECONFIG that exists, else ~/.kube/config; in a pod, its service account)." };
        var context = new Option<string?>("--context") { Description = "The kubeconfig context to use (default: its current-context)." };
        var @namespace = new Option<string?>("--namespace", "-n") { Description = "Audit this namespace (default: the context's namespace, else default)." };
        var allNamespaces = new Option<bool>("--all-namespaces", "-A") { Description = "Audit every namespace, one at a time." };
        var selector = new Option<string?>("--selector", "-l") { Description = "Report only on the objects this label selector selects (app=web,tier!=cache); the others are still read as context." };
        var findings = new FindingCommandOptions();
        var reporting = new ReportCommandOptions(baselines: false);
        var command = new Command("audit", "Lint what is running in a cluster: its Canaries and what they point at, with the cluster as context.");
        foreach (var option in new Option[] { kubeconfig, context, @namespace, allNamespaces, selector }.Concat(findings.All).Concat(reporting.All))
        {
            command.Options.Add(option);
        }

        command.Validators.Add(result =>
        {
            if (result.GetValue(@namespace) is not null && result.GetValue(allNamespaces))
            {
                result.AddError("--namespace and --all-namespaces: give one or the other");
            }
        });
        command.SetAction((parse, cancellationToken) => AuditRunner.RunAsync(
            new AuditRequest
            {
                Kubeconfig = parse.GetValue(kubeconfig),
                Context = parse.GetValue(context),
                Namespace = parse.GetValue(@namespace),
                AllNamespaces = parse.GetValue(allNamespaces),
                LabelSelector = parse.GetValue(selector),
                Findings = findings.Read(parse),
                Reporting = reporting.Read(parse),
            },
            parse.GetValue(CanaryGuardCli.NoColor) ? io with { IsTerminal = false } : io,
            cancellationToken));
        return command;
    }
}
