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

    /// <summary>The overlays that install: they provide the serving certificate and register the webhooks.</summary>
    public static TheoryData<string> InstallingOverlays => ["cert-manager", "self-signed"];

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
            ("wgpolicyk8s.io", "policyreports", "create,get,update"),
            ("openreports.io", "reports", "create,get,update"),
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

        var spread = pod.Seq("topologySpreadConstraints").ToDictionary(c => c.Str("topologyKey"), c => c.Str("whenUnsatisfiable"), StringComparer.Ordinal);
        Assert.Equal("DoNotSchedule", spread["kubernetes.io/hostname"]);
        Assert.Equal(container.Str("resources", "requests", "memory"), container.Str("resources", "limits", "memory"));
        var priority = manifests.Single("PriorityClass", pod.Str("priorityClassName"));
        Assert.InRange(int.Parse(priority.Root.Str("value"), CultureInfo.InvariantCulture), 1, 1_000_000_000);
        Assert.Equal("false", priority.Root.Str("globalDefault"));
        var selector = deployment.Root.Map("spec", "selector", "matchLabels");
        var pdb = Assert.Single(manifests.OfKind("PodDisruptionBudget"));
        Assert.Equal("1", pdb.Root.Str("spec", "minAvailable"));
        Assert.True(selector.Entries.All(e => pdb.Root.Map("spec", "selector", "matchLabels").String(e.KeyText) == ((ScalarNode)e.Value).Value));

        var service = manifests.Single("Service", "canaryguard-webhook");
        var https = Assert.Single(service.Root.Seq("spec", "ports"), p => p.Str("name") == "https");
        Assert.Equal(("443", "https"), (https.Str("port"), https.Str("targetPort")));
    }

    /// <summary>
    /// Applied alone, base has no certificate: a fail-closed registration would then fail every Canary write. It
    /// registers nothing; the installing overlays add the registrations with the caBundle.
    /// </summary>
    [Fact]
    public void Base_RegistersNoWebhook_SoAppliedAloneItBlocksNoWrite()
    {
        var manifests = Render("base");

        Assert.Empty(manifests.OfKind("ValidatingWebhookConfiguration"));
        Assert.Empty(manifests.OfKind("MutatingWebhookConfiguration"));
        Assert.Single(manifests.OfKind("Deployment"));
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void NetworkPolicy_OpensTheAdmissionPort_AndTheHealthPortOnlyToMonitoring(string overlay)
    {
        var manifests = Render(overlay);
        var policy = manifests.Single("NetworkPolicy", "canaryguard-webhook");
        var deployment = manifests.Single("Deployment", "canaryguard-webhook");

        Assert.Equal(RenderedManifests.Namespace, policy.DeclaredNamespace);
        Assert.Equal(["Ingress"], policy.Root.Strings("spec", "policyTypes"));
        var selector = policy.Root.Map("spec", "podSelector", "matchLabels");
        var podLabels = deployment.Root.Map("spec", "template", "metadata", "labels");
        Assert.All(selector.Entries, e => Assert.Equal(((ScalarNode)e.Value).Value, podLabels.String(e.KeyText)));
        var rules = policy.Root.Seq("spec", "ingress");
        Assert.Equal(2, rules.Count);
        var admission = Assert.Single(rules, r => Assert.Single(r.Seq("ports")).Str("port") == "https");
        Assert.Null(((MappingNode)admission).At("from"));
        var health = Assert.Single(rules, r => Assert.Single(r.Seq("ports")).Str("port") == "health");
        var from = Assert.Single(health.Seq("from"));
        Assert.Equal("monitoring", from.Str("namespaceSelector", "matchLabels", "kubernetes.io/metadata.name"));
    }

    [Theory]
    [MemberData(nameof(InstallingOverlays))]
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

    /// <summary>
    /// The chain self-signed issuer -> CA certificate -> CA issuer -> serving certificate, with the CA injected: renewing
    /// the serving certificate (new key each time) never changes the caBundle the API server trusts.
    /// </summary>
    [Fact]
    public void CertManagerOverlay_IssuesTheServingCertificateFromALongLivedCa_AndInjectsTheCa()
    {
        var manifests = CertManager.Value;
        var serving = manifests.Single("Certificate", "canaryguard-webhook");
        var caIssuer = manifests.Single("Issuer", serving.Root.Str("spec", "issuerRef", "name"));
        var ca = Assert.Single(manifests.OfKind("Certificate"), c => c.Root.Str("spec", "secretName") == caIssuer.Root.Str("spec", "ca", "secretName"));
        var root = manifests.Single("Issuer", ca.Root.Str("spec", "issuerRef", "name"));

        Assert.All([serving, caIssuer, ca, root], r => Assert.Equal(RenderedManifests.Namespace, r.DeclaredNamespace));
        Assert.Equal(4, manifests.OfKind("Certificate").Count() + manifests.OfKind("Issuer").Count());
        Assert.NotNull(root.Root.Map("spec", "selfSigned"));
        Assert.Equal("true", ca.Root.Str("spec", "isCA"));
        Assert.Equal("Never", ca.Root.Str("spec", "privateKey", "rotationPolicy"));
        Assert.True(Hours(ca.Root.Str("spec", "duration")) >= 5 * 365 * 24, "the CA lives for years");
        Assert.Null(serving.Root.Map("spec").At("isCA"));
        Assert.True(Hours(serving.Root.Str("spec", "duration")) < Hours(ca.Root.Str("spec", "duration")));
        Assert.Equal("canaryguard-webhook-tls", serving.Root.Str("spec", "secretName"));
        Assert.Equal(["canaryguard-webhook.canaryguard-system.svc", "canaryguard-webhook.canaryguard-system.svc.cluster.local"], serving.Root.Strings("spec", "dnsNames"));
        foreach (var kind in new[] { "ValidatingWebhookConfiguration", "MutatingWebhookConfiguration" })
        {
            var configuration = manifests.Single(kind, "canaryguard");
            Assert.Equal($"{RenderedManifests.Namespace}/{ca.Name}", configuration.Root.Map("metadata", "annotations").String("cert-manager.io/inject-ca-from"));
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void RenderedOutput_HoldsNoPrivateKey(string overlay)
    {
        var manifests = Render(overlay);

        Assert.DoesNotContain("PRIVATE KEY", manifests.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("LS0tLS1CRUdJTiBQUklWQVRFIEtFWS0tLS0t", manifests.Text, StringComparison.Ordinal); // base64 of the PEM header
        Assert.DoesNotContain("LS0tLS1CRUdJTiBFQyBQUklWQVRFIEtFWS0tLS0t", manifests.Text, StringComparison.Ordinal);
        Assert.Empty(manifests.OfKind("Secret"));
    }

    [Fact]
    public void SelfSignedScript_PatchesItsCaIntoBothWebhooks_AndReusesItOnTheNextRun()
    {
        var (manifests, folder) = SelfSigned.Value;
        var ca = X509CertificateLoader.LoadCertificate(Encoding.ASCII.GetBytes(File.ReadAllText(Path.Combine(folder, "ca.crt"))));
        var firstServing = File.ReadAllText(Path.Combine(folder, "tls.crt"));

        var again = RenderedManifests.SelfSignedScript(folder);

        var serving = X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(folder, "tls.crt")));
        Assert.NotEqual(firstServing, File.ReadAllText(Path.Combine(folder, "tls.crt")));
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        Assert.True(chain.Build(serving), "the new serving certificate chains to the kept CA");
        Assert.True(serving.MatchesHostname("canaryguard-webhook.canaryguard-system.svc"));
        var expectedBundle = Convert.ToBase64String(File.ReadAllBytes(Path.Combine(folder, "ca.crt")));
        foreach (var rendered in new[] { manifests, again })
        {
            foreach (var kind in new[] { "ValidatingWebhookConfiguration", "MutatingWebhookConfiguration" })
            {
                Assert.All(rendered.Single(kind, "canaryguard").Root.Seq("webhooks"), webhook => Assert.Equal(expectedBundle, webhook.Str("clientConfig", "caBundle")));
            }
        }
    }

    /// <summary>Apply mode against a stand-in kubectl that records what it is given: the Secret goes to kubectl, never to the terminal.</summary>
    [Theory]
    [InlineData("29", false)]
    [InlineData("30", true)]
    [InlineData("33+", true)]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void SelfSignedScript_ChecksTheKubernetesVersion_AndAppliesTheKeyWithoutPrintingIt(string minor, bool installs)
    {
        var folder = Directory.CreateTempSubdirectory("cg-install-").FullName;
        var applied = Path.Combine(folder, "applied.yaml");
        var kubectl = Path.Combine(folder, "bin", "kubectl");
        Directory.CreateDirectory(Path.GetDirectoryName(kubectl)!);
        File.WriteAllText(kubectl, $$$"""
            #!/usr/bin/env bash
            case "$*" in
              version*) printf '{"clientVersion": {"major": "1", "minor": "33"},\n "serverVersion": {"major": "1", "minor": "{{{minor}}}"}}\n' ;;
              apply*) /usr/bin/kubectl kustomize "$3" > "{{{applied}}}" ;;
              *rollout*) echo "deployment successfully rolled out" ;;
              *) exit 3 ;;
            esac
            """.Replace("\r", string.Empty, StringComparison.Ordinal));
        File.SetUnixFileMode(kubectl, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var certificates = Path.Combine(folder, "certs");

        var (exitCode, output, error) = RenderedManifests.RunProcess("bash", [RenderedManifests.InstallScript], new Dictionary<string, string>
        {
            ["CERT_DIR"] = certificates,
            ["PATH"] = $"{Path.GetDirectoryName(kubectl)}:{Environment.GetEnvironmentVariable("PATH")}",
        });

        Assert.Equal(installs ? 0 : 1, exitCode);
        Assert.DoesNotContain("PRIVATE KEY", output + error, StringComparison.Ordinal);
        if (!installs)
        {
            Assert.Contains($"canaryguard needs Kubernetes 1.30 or later; the cluster runs 1.{minor}", error, StringComparison.Ordinal);
            Assert.False(File.Exists(applied));
            return;
        }

        var secret = RenderedManifests.Parse(File.ReadAllText(applied)).Single("Secret", "canaryguard-webhook-tls");
        var key = secret.Root.Str("data", "tls.key");
        Assert.Equal(File.ReadAllText(Path.Combine(certificates, "tls.key")), Encoding.ASCII.GetString(Convert.FromBase64String(key)));
        Assert.DoesNotContain(key, output + error, StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(certificates, "ca.key")));
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

    private static double Hours(string duration) =>
        double.Parse(duration.TrimEnd('h'), CultureInfo.InvariantCulture);

    /// <summary>The default (last) stage is the NativeAOT executable on runtime-deps; ReadyToRun stays as a named fallback stage.</summary>
    [Fact]
    public void Dockerfile_ShipsNativeAot_NonRoot_OnARuntimeDepsImage_WithAReadyToRunFallback()
    {
        var dockerfile = File.ReadAllText(Path.Combine(RenderedManifests.RepositoryRoot, "deploy", "Dockerfile"));
        var lines = dockerfile.Split('\n');
        var stages = lines.Where(l => l.StartsWith("FROM ", StringComparison.Ordinal)).ToList();
        var final = string.Join('\n', lines.SkipWhile(l => l != stages[^1]));

        Assert.Contains("cannot be built on the project's development machines", dockerfile, StringComparison.Ordinal);
        Assert.Equal("FROM mcr.microsoft.com/dotnet/runtime-deps:${DOTNET_VERSION}-noble-chiseled AS runtime", stages[^1]);
        Assert.Contains("COPY --from=build /app ./", final, StringComparison.Ordinal);
        Assert.Contains("USER $APP_UID", final, StringComparison.Ordinal);
        Assert.Contains("ENTRYPOINT [\"/app/CanaryGuard.Webhook\"]", final, StringComparison.Ordinal);
        Assert.Contains("-p:PublishAot=true", dockerfile, StringComparison.Ordinal);
        Assert.Contains(stages, s => s.EndsWith("-noble-chiseled AS readytorun", StringComparison.Ordinal));
        Assert.Contains("-p:PublishReadyToRun=true", dockerfile, StringComparison.Ordinal);
    }
}
