namespace CanaryGuard.Linter.Tests;

/// <summary>Manifests for command-line tests, and a policy that isolates one rule so later rules cannot change exit codes.</summary>
public static class Manifests
{
    /// <summary>A Canary that passes every analysis rule.</summary>
    public static string SafeCanary(string name = "web") => $$$"""
        apiVersion: flagger.app/v1beta1
        kind: Canary
        metadata: {name: {{{name}}}, namespace: shop}
        spec:
          targetRef: {apiVersion: apps/v1, kind: Deployment, name: {{{name}}}}
          progressDeadlineSeconds: 600
          service: {port: 80}
          analysis:
            interval: 1m
            threshold: 5
            maxWeight: 50
            stepWeight: 10
            metrics:
              - {name: request-success-rate, interval: 1m, thresholdRange: {min: 99}}
              - {name: request-duration, interval: 1m, thresholdRange: {max: 500}}
            webhooks:
              - name: load-test
                url: http://flagger-loadtester.test/
                timeout: 5s
                metadata: {cmd: "hey -z 1m -q 10 -c 2 http://{{{name}}}-canary.shop/"}

        """;

    /// <summary>CG1005 (warning) at line 12, column 5.</summary>
    public static string StepWeightAboveMaxWeight(string name = "web") =>
        SafeCanary(name).Replace("stepWeight: 10", "stepWeight: 60", StringComparison.Ordinal);

    /// <summary>CG1013 (error) at line 8, column 3: no metrics, no webhooks.</summary>
    public static string ChecksNothing(string name = "web") => $$"""
        apiVersion: flagger.app/v1beta1
        kind: Canary
        metadata: {name: {{name}}, namespace: shop}
        spec:
          targetRef: {apiVersion: apps/v1, kind: Deployment, name: {{name}}}
          progressDeadlineSeconds: 600
          service: {port: 80}
          analysis: {interval: 1m, threshold: 5, maxWeight: 50, stepWeight: 10}

        """;

    /// <summary>A Deployment opted in to canaries (CG4001 when no Canary targets it; its fix writes FILE.canary.yaml beside the file).</summary>
    public static string OptedInDeployment(string name = "web") => $$$"""
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: {{{name}}}, namespace: shop, annotations: {canaryguard.io/canary: enabled}}
        spec:
          selector: {matchLabels: {app: {{{name}}}}}
          template:
            metadata: {labels: {app: {{{name}}}}}
            spec:
              containers:
                - {name: {{{name}}}, image: "{{{name}}}:1", ports: [{name: http, containerPort: 8080}]}

        """;

    /// <summary>CG0001 at line 4, where the parser finds the unclosed flow sequence.</summary>
    public const string SyntaxError = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: [broken\n";

    /// <summary>
    /// A policy file that turns every category off and sets only the given rules, so a test of exit codes or
    /// severities depends on those rules alone, however many rules the catalog gains.
    /// </summary>
    public static string PolicyWithOnly(params (string Id, string Severity)[] rules) =>
        "categories: {Input: none, Analysis: none, References: none, Mesh: none, Coverage: none}\n"
        + "rules: {" + string.Join(", ", rules.Select(r => $"{r.Id}: {r.Severity}")) + "}\n";
}
