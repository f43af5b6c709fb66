using CanaryGuard.Tests.Shared;

namespace CanaryGuard.Linter.Tests.Lsp;

/// <summary>
/// A workspace for the language server's client tests: the safe example's Deployment and Namespace, a Canary with
/// findings of several kinds (one fixable, one on a line with non-ASCII text before it), a second Canary, a policy that
/// declares the workspace complete, and a Canary in a folder of its own outside the workspace. Both Canaries target
/// the same Deployment (CG2009), each finding naming the other Canary as related information.
/// </summary>
internal sealed class LspFixture : IDisposable
{
    /// <summary>The deprecated metric threshold: one fix (thresholdRange), so the quick fix is preferred.</summary>
    public const string QuickFixId = "CG0005";

    /// <summary>The misspelt key after the non-ASCII service name.</summary>
    public const string CommentId = "CG0003";

    /// <summary>threshold: 1, a single failed check rolls back.</summary>
    public const string AnnotationId = "CG1011";

    public const string Canary = """
        # Canary 金丝雀 with findings for the editor tests.
        apiVersion: flagger.app/v1beta1
        kind: Canary
        metadata:
          name: web
          namespace: shop
        spec:
          targetRef:
            apiVersion: apps/v1
            kind: Deployment
            name: web
          progressDeadlineSeconds: 600
          service: {name: "wéb-🐤", port: 80, targetPort: 9898, stepWeigth: 10}
          analysis:
            interval: 1m
            threshold: 1
            maxWeight: 50
            stepWeight: 10
            metrics:
              - name: request-success-rate
                threshold: 99
                interval: 1m
              - name: request-duration
                thresholdRange:
                  max: 500
                interval: 1m
            webhooks:
              - name: load-test
                url: http://flagger-loadtester.test/
                timeout: 5s
                metadata:
                  cmd: "hey -z 1m -q 10 -c 2 http://web-canary.shop/"

        """;

    public const string Other = """
        apiVersion: flagger.app/v1beta1
        kind: Canary
        metadata:
          name: api
          namespace: shop
        spec:
          targetRef:
            apiVersion: apps/v1
            kind: Deployment
            name: web
          service:
            port: 80
          analysis:
            interval: 5s
            threshold: 5
            maxWeight: 50
            stepWeight: 10

        """;

    public LspFixture()
    {
        Workspace.Write("canary.yaml", Canary);
        Workspace.Write("other.yaml", Other);
        Workspace.Write("deployment.yaml", File.ReadAllText(RepositoryRoot.Combine("examples", "safe", "deployment.yaml")));
        Workspace.Write("namespace.yaml", File.ReadAllText(RepositoryRoot.Combine("examples", "safe", "namespace.yaml")));
        Workspace.Write(".canaryguard.yaml", "complete: true\n");
        OutsideFile = Outside.Write("outside.yaml", Other.Replace("name: api", "name: lone", StringComparison.Ordinal));
    }

    public TempFolder Workspace { get; } = new();

    public TempFolder Outside { get; } = new();

    public string OutsideFile { get; }

    /// <summary>How to start the server: the binary CI names in CANARYGUARD_CLI, else the build beside the tests.</summary>
    public static IReadOnlyList<string> ServerCommand =>
        CliRunner.Binary is { } binary ? [binary, "lsp"] : ["dotnet", Path.Combine(AppContext.BaseDirectory, "canaryguard.dll"), "lsp"];

    public void Dispose()
    {
        Workspace.Dispose();
        Outside.Dispose();
    }
}
