namespace CanaryGuard.Linter.Commands;

/// <summary>
/// What <c>canaryguard init</c> writes: every setting at its default value, each explained. Loading it gives
/// exactly <c>CanaryGuardPolicy.Default</c> (a test checks), so a project starts from the documented defaults
/// and edits from there.
/// </summary>
internal static class DefaultPolicyFile
{
    public const string Text =
        """
        # CanaryGuard policy. `canaryguard lint` uses the nearest .canaryguard.yaml walking up from each linted
        # file's folder (like .editorconfig), or the file given with --config. Every value below is the default.
        # Docs: docs/configuration.md; rule pages: docs/rules/CGxxxx.md or `canaryguard explain CGxxxx`.

        # Severity per rule id: error, warning, info (or suggestion), hidden, none (off).
        # An id setting beats a category setting, which beats the rule's default severity.
        # Example:
        #   rules:
        #     CG1006: error   # all traffic on the canary before the decision fails the build
        #     CG1021: none    # we generate traffic with a separate job
        rules: {}

        # Severity per category: Input, Analysis, References, Mesh, Coverage, Verification.
        # Example:
        #   categories:
        #     Mesh: warning
        categories: {}

        # The thresholds the analysis rules judge a Canary against.
        analysis:
          # CG1008: a Canary must run at least this many analyses before it can be promoted...
          minAnalyses: 3
          # ...and analyse for at least this long (analyses x max(10s, interval)).
          minAnalysisTime: 5m
          # CG1009: the longest acceptable time from the start of a rollout to promotion.
          maxRolloutTime: 60m
          # CG1012: the longest a bad canary may keep its traffic before Flagger rolls it back.
          maxTimeToRollback: 10m
          # CG1019: Prometheus' scrape interval; a metric window must hold at least two scrapes.
          scrapeInterval: 15s
          # CG1029: the kinds of metric every analysis needs. A template whose name contains "error" or
          # "success" counts as request-success-rate; "latency" or "duration" as request-duration.
          requiredMetrics:
            - request-success-rate
            - request-duration

        # The provider of a Canary that sets no spec.provider, as Flagger's -mesh-provider flag.
        meshProvider: istio

        # Pod labels a Deployment's selector is matched on, in the order Flagger looks for them.
        selectorLabels:
          - app
          - name
          - app.kubernetes.io/name

        # Files the linter skips when it searches folders: gitignore-style globs relative to this file's folder
        # ("**" spans folders; a bare name such as "*.generated.yaml" matches at any depth).
        # Example:
        #   exclude:
        #     - vendor/**
        #     - "*.generated.yaml"
        exclude: []

        # The namespace of a resource that sets none (kubectl's default context namespace).
        defaultNamespace: default

        # The Kubernetes release the manifests are applied to, e.g. "1.29": API versions removed after it still
        # count as served (CG2017). Unset, every removal up to current Kubernetes applies.
        # kubernetesVersion: "1.29"

        # true when the linted files are the whole application, so a reference not found in them (a Service,
        # a MetricTemplate, a Deployment) is really missing rather than defined elsewhere. Same as --complete.
        complete: false

        # Labels of namespaces that are not among the linted files, e.g. to tell whether Istio injects sidecars.
        # Example:
        #   namespaces:
        #     shop:
        #       labels:
        #         istio-injection: "enabled"
        namespaces: {}

        """;
}
