using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.Policy;

namespace CanaryGuard.Webhook.Tests.Deploy;

public sealed class ManifestTests
{
    /// <summary>The reconciler's own list: what the webhook configurations exclude, it never acts in.</summary>
    private static readonly IReadOnlyList<string> ExcludedNamespaces = CanaryGuard.Webhook.Canaries.CanaryReconcilerOptions.WebhookExcludedNamespaces;

    private static readonly Lazy<RenderedManifests> CertManager = new(() => RenderedManifests.Kustomize("cert-manager"));

    public static TheoryData<string> Overlays => ["base", "cert-manager", "self-signed"];

    private static RenderedManifests Render(string overlay) => overlay switch
    {
        "cert-manager" => CertManager.Value,
        "self-signed" => SelfSigned.Value.Manifests,
        _ => RenderedManifests.Kustomize(overlay),
    };

    private static readonly Lazy<(RenderedManifests Manifests, string CertificateFolder)> SelfSigned = new(() =>
    {
        var folder = Path.Combine(Path.GetTempPath(), "cg-certs-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return (RenderedManifests.SelfSignedScript(folder), folder);
    });

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Rbac_GrantsOnlyTheNeededVerbs_WithoutWildcards(string overlay)
    {
        var manifests = Render(overlay);
        var role = manifests.Single("ClusterRole", "canaryguard");

        var grants = role.Root.Seq("rules")
            .SelectMany(rule => from g in rule.Strings("apiGroups") from r in rule.Strings("resources") select (Group: g, Resource: r, Verbs: string.Join(",", rule.Strings("verbs").Order(StringComparer.Ordinal))))
            .OrderBy(g => g.Resource, StringComparer.Ordinal)
            .ToList();

        Assert.Equal(
        [
            ("flagger.app", "canaries", "create,get,list,patch,watch"),
            ("apps", "daemonsets", "get,list,watch"),
            ("apps", "deployments", "get,list,watch"),
            ("apps", "deployments/finalizers", "update"),
            (string.Empty, "events", "create"),
            ("autoscaling", "horizontalpodautoscalers", "get,list,watch"),
            ("flagger.app", "metrictemplates", "get,list,watch"),
            (string.Empty, "namespaces", "get,list,watch"),
            ("keda.sh", "scaledobjects", "get,list,watch"),
            (string.Empty, "services", "get,list,watch"),
        ], grants);
        foreach (var resource in manifests.OfKind("ClusterRole").Concat(manifests.OfKind("Role")))
        {
            foreach (var rule in resource.Root.Seq("rules"))
            {
                Assert.DoesNotContain("*", rule.Strings("verbs").Concat(rule.Strings("resources")).Concat(rule.Strings("apiGroups")));
            }
        }

        var binding = manifests.Single("ClusterRoleBinding", "canaryguard");
        Assert.Equal("canaryguard", binding.Root.Str("roleRef", "name"));
        var subject = Assert.Single(binding.Root.Seq("subjects"));
        Assert.Equal(("ServiceAccount", "canaryguard", RenderedManifests.Namespace), (subject.Str("kind"), subject.Str("name"), subject.Str("namespace")));
        Assert.Single(manifests.Resources, r => r.Kind == "ServiceAccount" && r.Name == "canaryguard" && r.DeclaredNamespace == RenderedManifests.Namespace);
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void LeaderElection_MayChangeOnlyItsLease_InTheWebhooksNamespace(string overlay)
    {
        var manifests = Render(overlay);
        var role = manifests.Single("Role", "canaryguard-leader-election");

        Assert.Equal(RenderedManifests.Namespace, role.DeclaredNamespace);
        var grants = role.Root.Seq("rules")
            .Select(rule => (Groups: string.Join(",", rule.Strings("apiGroups")), Resources: string.Join(",", rule.Strings("resources")), Names: (rule as CanaryGuard.Rules.Model.MappingNode)?.Sequence("resourceNames") is null ? string.Empty : string.Join(",", rule.Strings("resourceNames")), Verbs: string.Join(",", rule.Strings("verbs").Order(StringComparer.Ordinal))))
            .ToList();
        Assert.Equal(
        [
            ("coordination.k8s.io", "leases", string.Empty, "create"),
            ("coordination.k8s.io", "leases", new CanaryGuard.Webhook.Leadership.LeaseElectorOptions().LeaseName, "get,update"),
        ], grants);
        var binding = manifests.Single("RoleBinding", "canaryguard-leader-election");
        Assert.Equal(RenderedManifests.Namespace, binding.DeclaredNamespace);
        Assert.Equal(("Role", "canaryguard-leader-election"), (binding.Root.Str("roleRef", "kind"), binding.Root.Str("roleRef", "name")));
        Assert.DoesNotContain(manifests.OfKind("ClusterRole").SelectMany(r => r.Root.Seq("rules")), rule => rule.Strings("resources").Contains("leases"));
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Deployment_IsHardenedAndHighlyAvailable(string overlay)
    {
        var manifests = Render(overlay);
        var deployment = manifests.Single("Deployment", "canaryguard-webhook");
        var pod = deployment.Root.Map("spec", "template", "spec");
        var container = Assert.Single(pod.Seq("containers"));

        Assert.Equal(RenderedManifests.Namespace, deployment.DeclaredNamespace);
        Assert.Equal("2", deployment.Root.Str("spec", "replicas"));
        Assert.Equal("canaryguard", pod.Str("serviceAccountName"));
        Assert.Equal("true", pod.Str("securityContext", "runAsNonRoot"));
        Assert.Equal("RuntimeDefault", pod.Str("securityContext", "seccompProfile", "type"));
        Assert.Equal("true", container.Str("securityContext", "runAsNonRoot"));

        // Shutdown: the preStop delay lets endpoints drain before Kestrel stops, within the grace period.
        Assert.Equal("5", container.Str("lifecycle", "preStop", "sleep", "seconds"));
        Assert.True(int.Parse(pod.Str("terminationGracePeriodSeconds"), CultureInfo.InvariantCulture) >= 5 + 10, "grace period covers the preStop delay and the 10 s shutdown (drain, then in-flight reviews)");
        Assert.Equal("true", container.Str("securityContext", "readOnlyRootFilesystem"));
        Assert.Equal("false", container.Str("securityContext", "allowPrivilegeEscalation"));
        Assert.Equal(["ALL"], container.Strings("securityContext", "capabilities", "drop"));
        Assert.Equal("RuntimeDefault", container.Str("securityContext", "seccompProfile", "type"));
        foreach (var part in new[] { "requests", "limits" })
        {
            Assert.NotEmpty(container.Str("resources", part, "cpu"));
            Assert.NotEmpty(container.Str("resources", part, "memory"));
        }

        var ports = container.Seq("ports").ToDictionary(p => p.Str("name"), p => p.Str("containerPort"), StringComparer.Ordinal);
        Assert.Equal("8443", ports["https"]);
        Assert.Equal("8081", ports["health"]);
        Assert.Equal(("/readyz", "health"), (container.Str("readinessProbe", "httpGet", "path"), container.Str("readinessProbe", "httpGet", "port")));
        Assert.Equal(("/healthz", "health"), (container.Str("livenessProbe", "httpGet", "path"), container.Str("livenessProbe", "httpGet", "port")));

        var mounts = container.Seq("volumeMounts").ToDictionary(m => m.Str("name"), m => m.Str("mountPath"), StringComparer.Ordinal);
        var volumes = pod.Seq("volumes").ToDictionary(v => v.Str("name"), v => (MappingNode)v, StringComparer.Ordinal);
        Assert.Equal("/etc/canaryguard/tls", mounts["tls"]);
        Assert.Equal("canaryguard-webhook-tls", volumes["tls"].Str("secret", "secretName"));
        Assert.Equal("/etc/canaryguard/policy", mounts["policy"]);
        Assert.Equal("canaryguard-policy", volumes["policy"].Str("configMap", "name"));
        Assert.Contains("--policy=/etc/canaryguard/policy/policy.yaml", container.Strings("args"));

        var spread = pod.Seq("topologySpreadConstraints").Select(c => c.Str("topologyKey")).ToList();
        Assert.Contains("kubernetes.io/hostname", spread);
        var selector = deployment.Root.Map("spec", "selector", "matchLabels");
        var pdb = Assert.Single(manifests.OfKind("PodDisruptionBudget"));
        Assert.Equal("1", pdb.Root.Str("spec", "minAvailable"));
        Assert.True(selector.Entries.All(e => pdb.Root.Map("spec", "selector", "matchLabels").String(e.KeyText) == ((ScalarNode)e.Value).Value));

        var service = manifests.Single("Service", "canaryguard-webhook");
        var https = Assert.Single(service.Root.Seq("spec", "ports"), p => p.Str("name") == "https");
        Assert.Equal(("443", "https"), (https.Str("port"), https.Str("targetPort")));
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void WebhookConfigurations_AreSafe(string overlay)
    {
        var manifests = Render(overlay);
        var validating = Assert.Single(manifests.Single("ValidatingWebhookConfiguration", "canaryguard").Root.Seq("webhooks"));
        var mutatingWebhooks = manifests.Single("MutatingWebhookConfiguration", "canaryguard").Root.Seq("webhooks");
        Assert.Equal(2, mutatingWebhooks.Count);

        Assert.Equal(("Fail", "None", "3"), (validating.Str("failurePolicy"), validating.Str("sideEffects"), validating.Str("timeoutSeconds")));
        var validatingRule = Assert.Single(validating.Seq("rules"));
        Assert.Equal(["flagger.app"], validatingRule.Strings("apiGroups"));
        Assert.Equal(["canaries", "metrictemplates"], validatingRule.Strings("resources"));
        Assert.Equal("/validate", validating.Str("clientConfig", "service", "path"));

        // One entry per way of opting in: the annotation (namespaces not labelled) and the namespace label.
        foreach (var (mutating, path, optIn) in mutatingWebhooks.Zip([("/mutate", "NotIn"), ("/mutate/namespace", "In")], (w, e) => (w, e.Item1, e.Item2)))
        {
            Assert.Equal(("Ignore", "NoneOnDryRun", "IfNeeded", "3"), (mutating.Str("failurePolicy"), mutating.Str("sideEffects"), mutating.Str("reinvocationPolicy"), mutating.Str("timeoutSeconds")));
            var mutatingRule = Assert.Single(mutating.Seq("rules"));
            Assert.Equal(["apps"], mutatingRule.Strings("apiGroups"));
            Assert.Equal(["deployments"], mutatingRule.Strings("resources"));
            Assert.Equal(path, mutating.Str("clientConfig", "service", "path"));
            var selector = mutating.Seq("namespaceSelector", "matchExpressions")[1];
            Assert.Equal(("canaryguard.io/canary", optIn), (selector.Str("key"), selector.Str("operator")));
            Assert.Equal(["enabled"], selector.Strings("values"));
        }

        foreach (var webhook in mutatingWebhooks.Prepend(validating))
        {
            Assert.Equal("Equivalent", webhook.Str("matchPolicy"));
            Assert.Equal(["v1"], webhook.Strings("admissionReviewVersions"));
            Assert.Equal(("canaryguard-webhook", RenderedManifests.Namespace, "443"), (webhook.Str("clientConfig", "service", "name"), webhook.Str("clientConfig", "service", "namespace"), webhook.Str("clientConfig", "service", "port")));
            Assert.Equal(["CREATE", "UPDATE"], Assert.Single(webhook.Seq("rules")).Strings("operations"));
            var exclusion = webhook.Seq("namespaceSelector", "matchExpressions")[0];
            Assert.Equal(("kubernetes.io/metadata.name", "NotIn"), (exclusion.Str("key"), exclusion.Str("operator")));
            Assert.Equal(ExcludedNamespaces, exclusion.Strings("values"));
        }
    }

    [Fact]
    public void CertManagerOverlay_IssuesTheServingCertificate_AndInjectsItsCa()
    {
        var manifests = CertManager.Value;
        var certificate = manifests.Single("Certificate", "canaryguard-webhook");
        var issuer = manifests.Single("Issuer", certificate.Root.Str("spec", "issuerRef", "name"));

        Assert.Equal(RenderedManifests.Namespace, issuer.DeclaredNamespace);
        Assert.Equal("canaryguard-webhook-tls", certificate.Root.Str("spec", "secretName"));
        Assert.Equal(["canaryguard-webhook.canaryguard-system.svc", "canaryguard-webhook.canaryguard-system.svc.cluster.local"], certificate.Root.Strings("spec", "dnsNames"));
        foreach (var kind in new[] { "ValidatingWebhookConfiguration", "MutatingWebhookConfiguration" })
        {
            var configuration = manifests.Single(kind, "canaryguard");
            Assert.Equal("canaryguard-system/canaryguard-webhook", configuration.Root.Map("metadata", "annotations").String("cert-manager.io/inject-ca-from"));
        }
    }

    [Fact]
    public void SelfSignedScript_CreatesTheSecret_AndPatchesTheCaIntoBothWebhooks()
    {
        var (manifests, folder) = SelfSigned.Value;
        var secret = manifests.Single("Secret", "canaryguard-webhook-tls");
        var ca = X509CertificateLoader.LoadCertificate(Encoding.ASCII.GetBytes(File.ReadAllText(Path.Combine(folder, "ca.crt"))));
        var serving = X509Certificate2.CreateFromPem(Encoding.UTF8.GetString(Convert.FromBase64String(secret.Root.Str("data", "tls.crt"))));

        Assert.Equal(RenderedManifests.Namespace, secret.DeclaredNamespace);
        Assert.Equal("kubernetes.io/tls", secret.Root.Str("type"));
        Assert.NotEmpty(secret.Root.Str("data", "tls.key"));
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        Assert.True(chain.Build(serving), "the serving certificate chains to the CA");
        Assert.True(serving.MatchesHostname("canaryguard-webhook.canaryguard-system.svc"));
        var expectedBundle = Convert.ToBase64String(File.ReadAllBytes(Path.Combine(folder, "ca.crt")));
        foreach (var kind in new[] { "ValidatingWebhookConfiguration", "MutatingWebhookConfiguration" })
        {
            Assert.All(manifests.Single(kind, "canaryguard").Root.Seq("webhooks"), webhook => Assert.Equal(expectedBundle, webhook.Str("clientConfig", "caBundle")));
        }
    }

    [Fact]
    public void DefaultPolicy_LoadsWithoutProblems()
    {
        var engine = AnalysisEngine.CreateDefault();
        var configMap = Render("base").Single("ConfigMap", "canaryguard-policy");

        var loaded = PolicyLoader.Load("policy.yaml", configMap.Root.Str("data", "policy.yaml"), engine.KnownIds);

        Assert.Empty(loaded.Problems);
        Assert.Equal(new CanaryTemplatePolicy(), loaded.Policy.CanaryTemplate);
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void RenderedOutput_LintsWithoutErrors(string overlay)
    {
        var manifests = Render(overlay);

        var result = AnalysisEngine.CreateDefault().Analyze([manifests.File], new AnalysisOptions { PolicyFor = _ => CanaryGuardPolicy.Default, Parallel = false });

        var errors = result.Reported.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors.Select(e => $"{e.Id} {e.Resource} {e.Path}: {e.Message}")));
    }

    [Fact]
    public void Dockerfile_IsMultiStage_ReadyToRun_NonRoot_OnARuntimeOnlyImage()
    {
        var dockerfile = File.ReadAllText(Path.Combine(RenderedManifests.RepositoryRoot, "deploy", "Dockerfile"));
        var from = dockerfile.Split('\n').Where(l => l.StartsWith("FROM ", StringComparison.Ordinal)).ToList();

        Assert.Contains("cannot be built on the project's development machines", dockerfile, StringComparison.Ordinal);
        Assert.Equal(2, from.Count);
        Assert.Contains("dotnet/sdk", from[0], StringComparison.Ordinal);
        Assert.Contains("dotnet/aspnet:${DOTNET_VERSION}-noble-chiseled", from[1], StringComparison.Ordinal);
        Assert.Contains("-p:PublishReadyToRun=true", dockerfile, StringComparison.Ordinal);
        Assert.Contains("USER $APP_UID", dockerfile, StringComparison.Ordinal);
        Assert.Contains("ENTRYPOINT [\"dotnet\", \"CanaryGuard.Webhook.dll\"]", dockerfile, StringComparison.Ordinal);
    }
}
