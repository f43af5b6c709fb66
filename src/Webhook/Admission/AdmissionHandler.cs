using System.Diagnostics;
using System.Text.Json;
using CanaryGuard.Cluster;
using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.Policy;
using CanaryGuard.Rules.Views;
using CanaryGuard.Webhook.Canaries;

namespace CanaryGuard.Webhook.Admission;

/// <summary>
/// Answers one AdmissionReview body: checks it is a v1 review of a kind the endpoint takes, lets deletions
/// through, and otherwise runs the rules (<c>/validate</c>, with the objects it refers to looked up in the cluster
/// when <paramref name="cluster"/> is set) or builds the Deployment patch (<c>/mutate</c>, handing an opted-in
/// Deployment to <paramref name="generation"/>). Every admitted CREATE, UPDATE or DELETE in a namespace is told to
/// <paramref name="changes"/> (the background audit). A dry run gets the same answer and no side effect.
/// </summary>
public sealed class AdmissionHandler(AnalysisEngine engine, Func<CanaryGuardPolicy> currentPolicy, ClusterContext? cluster = null, ICanaryGeneration? generation = null, INamespaceChanges? changes = null)
{
    /// <summary>One client for every live check: its connections to Prometheus are reused across reviews.</summary>
    private static readonly HttpClient PrometheusHttp = new() { Timeout = Timeout.InfiniteTimeSpan };

    private readonly LiveMetricCheck liveCheck = new(PrometheusHttp);

    private static readonly HashSet<(string ApiVersion, string Kind)> ValidatedKinds =
    [
        ("flagger.app/v1beta1", "Canary"), ("flagger.app/v1beta1", "MetricTemplate"), ("apps/v1", "Deployment"),
    ];

    private static readonly HashSet<(string ApiVersion, string Kind)> MutatedKinds = [("apps/v1", "Deployment")];

    /// <summary>
    /// The parser's default nesting limit (64) is the object's own limit (CG0008) with no room for the envelope, so a
    /// deep object would fail before its uid is read; parsing is not recursive, so a deeper limit costs nothing.
    /// </summary>
    private static readonly JsonDocumentOptions ParseOptions = new() { MaxDepth = 4 * ParseLimits.Default.MaxDepth };

    /// <summary>
    /// The decision on one body. The body is parsed once, and the object is read from the parsed document in place;
    /// nothing in the decision refers to <paramref name="body"/> afterwards, so a pooled buffer can be reused.
    /// Once the uid is read, a request that cannot be evaluated is answered as a review of that uid with the reason
    /// (<see cref="AdmissionDecision.Refused"/>): an HTTP error would be a failed call to the API server, which then
    /// applies the failure policy and drops the reason.
    /// </summary>
    /// <exception cref="BadAdmissionRequestException">The body is not UTF-8 JSON, or no AdmissionReview with a usable uid.</exception>
    public async Task<AdmissionDecision> HandleAsync(ReadOnlyMemory<byte> body, AdmissionEndpoint endpoint, CancellationToken cancellationToken)
    {
        // The parser checks structure, not the bytes inside strings: invalid UTF-8 would only fail when a string is
        // read, deep inside the evaluation.
        if (Utf8Text.FirstInvalidByte(body.Span) is { } offset)
        {
            throw new BadAdmissionRequestException($"the body is not valid UTF-8 (byte {offset})");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, ParseOptions);
        }
        catch (JsonException exception)
        {
            throw new BadAdmissionRequestException($"the body is not an AdmissionReview in JSON ({FirstLine(exception.Message)})", exception);
        }

        using (document)
        {
            var (uid, request) = AdmissionRequest.ReadUid(document.RootElement);
            try
            {
                var decision = await DecideAsync(AdmissionRequest.Read(uid, request), endpoint, cancellationToken);
                if (changes is not null && decision.Allowed && !decision.DryRun && decision.Operation is "CREATE" or "UPDATE" or "DELETE"
                    && decision.Namespace is { Length: > 0 } changedNamespace)
                {
                    changes.Changed(changedNamespace);
                }

                return decision;
            }
            catch (BadAdmissionRequestException exception)
            {
                return AdmissionDecision.Refused(uid, endpoint, exception.Message);
            }
        }
    }

    public static AdmissionReview Respond(AdmissionResponse response) => new()
    {
        ApiVersion = AdmissionReview.ApiVersionV1,
        Kind = AdmissionReview.KindName,
        Response = response,
    };

    private static AdmissionReview Allow(string uid) => Respond(new AdmissionResponse { Uid = uid, Allowed = true });

    /// <summary>The object's own apiVersion and kind; for a deletion, which carries no object, the request's kind.</summary>
    private static (string ApiVersion, string Kind) KindOf(AdmissionRequest request) =>
        request.Object is { ValueKind: JsonValueKind.Object } obj ? (AdmissionRequest.Describe(obj, "apiVersion"), AdmissionRequest.Describe(obj, "kind")) : request.RequestKind;

    private static string FirstLine(string text) => text.Split('\n')[0].Trim();

    /// <summary>
    /// An object over a safety limit (CG0008): never evaluated, so never allowed, whatever <c>denyAt</c> says, as
    /// the linter never lets CG0008 be configured.
    /// </summary>
    private static AdmissionDecision Unsafe(AdmissionDecision decision, string problem)
    {
        var finding = new Diagnostic
        {
            Descriptor = EngineDiagnostics.UnsafeInput,
            Severity = DiagnosticSeverity.Error,
            Message = $"request.object refused as unsafe to process: {problem}",
            File = "admission",
        };
        var response = new AdmissionResponse
        {
            Uid = decision.Uid,
            Allowed = false,
            Status = new AdmissionStatus(400, "BadRequest", $"{finding.Id}: {finding.Message}"),
        };
        return decision with { Review = Respond(response), Findings = [finding] };
    }

    private async Task<AdmissionDecision> DecideAsync(AdmissionRequest request, AdmissionEndpoint endpoint, CancellationToken cancellationToken)
    {
        var operation = request.Operation;
        var (apiVersion, kind) = KindOf(request);
        var accepted = endpoint == AdmissionEndpoint.Validate ? ValidatedKinds : MutatedKinds;
        if (!accepted.Contains((apiVersion, kind)))
        {
            throw new BadAdmissionRequestException($"{endpoint.Path()} does not take {apiVersion} {kind}; it takes {string.Join(", ", accepted.Select(k => $"{k.ApiVersion} {k.Kind}"))}");
        }

        var decision = new AdmissionDecision
        {
            Review = Allow(request.Uid),
            Uid = request.Uid,
            Kind = kind,
            Namespace = request.Namespace,
            Name = request.Name,
            Operation = operation,
            DryRun = request.DryRun,
        };
        if (operation is "DELETE" or "CONNECT")
        {
            return decision;
        }

        if (request.Object is not { ValueKind: JsonValueKind.Object } obj)
        {
            throw new BadAdmissionRequestException($"request.object is missing for {operation}");
        }

        if (obj.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object
            && metadata.TryGetProperty("deletionTimestamp", out var deleting) && deleting.ValueKind == JsonValueKind.String)
        {
            return decision;
        }

        var policy = currentPolicy();
        if (endpoint == AdmissionEndpoint.Validate)
        {
            return await ValidateAsync(decision, obj, request.OldObject, policy, cancellationToken);
        }

        var namespaceOptedIn = endpoint == AdmissionEndpoint.MutateNamespace;
        AdmissionResponse response;
        try
        {
            response = DeploymentMutator.Mutate(request.Uid, obj, policy, namespaceOptedIn);
        }
        catch (ArgumentException exception)
        {
            throw new BadAdmissionRequestException($"the Deployment cannot be patched: {exception.Message}", exception);
        }

        // Why a Canary was not generated goes to an Event on the Deployment, never into this response: any caller
        // may send a review naming any Deployment.
        if (generation is not null && !decision.DryRun && CanaryAnnotations.IsOptedIn(obj, namespaceOptedIn)
            && decision.Namespace is { Length: > 0 } ns && decision.Name is { Length: > 0 } name)
        {
            generation.Enqueue(ns, name);
        }

        return decision with { Review = Respond(response) };
    }

    /// <summary>
    /// Runs the rules on the object and decides. What is decided at admission differs from the linter in three ways,
    /// each because a denial there would refuse valid work: a finding that rests on a referenced object being absent
    /// never denies (GitOps tools apply in no promised order; Flagger waits for the object); an UPDATE is denied only
    /// for findings it introduces (unless <c>admission.updates: strict</c>), and never when only metadata or status
    /// changed; and findings below <c>admission.warnAt</c> are not sent. Warnings are in each descriptor's short form.
    /// </summary>
    private async Task<AdmissionDecision> ValidateAsync(AdmissionDecision decision, JsonElement obj, JsonElement? oldObj, CanaryGuardPolicy policy, CancellationToken cancellationToken)
    {
        try
        {
            return await JudgeAsync(decision, obj, oldObj, policy, cancellationToken);
        }
        catch (UnsafeJsonInputException exception)
        {
            return Unsafe(decision, exception.Message);
        }
    }

    private async Task<AdmissionDecision> JudgeAsync(AdmissionDecision decision, JsonElement obj, JsonElement? oldObj, CanaryGuardPolicy policy, CancellationToken cancellationToken)
    {
        // A namespaced object created with only `-n` carries its namespace in the request, not in metadata. One
        // object is never the whole application: without a cluster read, nothing it refers to is proven absent.
        var effective = policy with { DefaultNamespace = decision.Namespace is { Length: > 0 } ns ? ns : policy.DefaultNamespace, Complete = false };
        var reviewed = Reviewed(decision, obj, "object", effective);
        var lookingUp = Stopwatch.GetTimestamp();
        var (lookup, notes) = await LookUpAsync(reviewed, effective, cancellationToken);
        var findings = Analyze(reviewed, lookup, effective);

        var old = decision.Operation == "UPDATE" && oldObj is { } stored ? stored : (JsonElement?)null;
        var metadataOnly = old is { } before && OnlyMetadataOrStatusChanged(before, obj);
        var live = metadataOnly || effective.PrometheusAddress is null || reviewed.Resource is null || !CanaryView.IsCanary(reviewed.Resource)
            ? LiveCheckResult.None
            : await LiveCheckAsync(reviewed, lookup, effective, (cluster?.Budget ?? ClusterContext.DefaultBudget) - Stopwatch.GetElapsedTime(lookingUp), cancellationToken);
        notes.AddRange(live.Notes);
        var existing = old is { } previous && !metadataOnly && policy.Admission.Updates == UpdateJudgement.Changes
            ? ExistingIds(decision, previous, lookup, effective)
            : null;

        var denyAt = policy.Admission.DenyAt;
        bool Denies(Diagnostic finding) => denyAt != DiagnosticSeverity.None && finding.Severity >= denyAt && !finding.RestsOnAbsence;
        bool Introduced(Diagnostic finding) => !metadataOnly && existing?.Contains(finding.Id) != true;

        var denying = findings.Where(f => Denies(f) && Introduced(f)).ToList();
        var forgiven = findings.Count(f => Denies(f) && !Introduced(f));
        if (forgiven > 0)
        {
            notes.Add(metadataOnly
                ? $"canaryguard: {Count(forgiven)} at {denyAt.ToText()} not denied: this update changes only metadata or status"
                : $"canaryguard: {Count(forgiven)} at {denyAt.ToText()} not denied: the object had them before this update");
        }

        // Unproven findings are not sent one by one: the note that context was unavailable stands for them. The live
        // check's findings are only ever warnings.
        var sent = findings.Where(f => !denying.Contains(f) && !f.IsUnproven && f.Severity >= policy.Admission.WarnAt)
            .Concat(live.Findings.Where(f => f.Severity >= policy.Admission.WarnAt)).ToList();
        var warnings = FindingMessages.Warnings(notes.Concat(sent.Select(FindingMessages.Warning)));
        var subject = $"{decision.Kind} {(decision.Namespace is { Length: > 0 } n ? n + "/" : string.Empty)}{decision.Name}";
        var response = new AdmissionResponse
        {
            Uid = decision.Uid,
            Allowed = denying.Count == 0,
            Status = denying.Count == 0 ? null : new AdmissionStatus(403, "Forbidden", FindingMessages.Denial(subject, denyAt, denying)),
            Warnings = warnings.Count == 0 ? null : warnings,
        };
        return decision with { Review = Respond(response), Findings = [.. findings, .. live.Findings], ShortenedWarnings = [.. notes.Where(n => FindingMessages.Shorten(n) != n), .. FindingMessages.Shortened(sent)] };
    }

    private static string Count(int findings) => findings == 1 ? "1 finding" : $"{findings} findings";

    /// <summary>The object as the rules see it: one file, one resource, in the request's namespace.</summary>
    private static (ManifestFile File, KubernetesResource? Resource) Reviewed(AdmissionDecision decision, JsonElement obj, string field, CanaryGuardPolicy policy)
    {
        ManifestNode root;
        try
        {
            root = JsonManifestReader.Read(obj);
        }
        catch (InvalidDataException exception)
        {
            throw new BadAdmissionRequestException($"request.{field} cannot be read: {exception.Message}", exception);
        }

        var file = new ManifestFile($"admission:{decision.Kind}/{decision.Namespace}/{decision.Name}", [new ManifestDocument(0, root, null)], [], []);
        if (root is not MappingNode mapping || KubernetesResource.FromRoot(file, mapping).FirstOrDefault() is not { } resource)
        {
            return (file, null);
        }

        // An object created with `-n` carries its namespace in the request only.
        return (file, resource.DeclaredNamespace is null
            ? new KubernetesResource(file, mapping, resource.ApiVersion, resource.Kind, resource.Name, policy.DefaultNamespace)
            : resource);
    }

    private List<Diagnostic> Analyze((ManifestFile File, KubernetesResource? Resource) reviewed, ClusterLookup? lookup, CanaryGuardPolicy policy) =>
        [.. engine.Analyze([reviewed.File], new AnalysisOptions
        {
            PolicyFor = _ => policy,
            Parallel = false,
            Lookup = lookup?.Over(new Workspace([reviewed.File], policy.DefaultNamespace, isComplete: false)),
            SuppressibleByAnnotation = policy.Admission.AnnotationSuppressions,
        }).Reported];

    /// <summary>
    /// The live check of the reviewed Canary's metrics (policy <c>prometheus.address</c>) within <paramref name="budget"/>,
    /// what is left of the look-up budget; its findings configured by the policy, and suppressed by the Canary's
    /// annotation within what the policy allows, like the rules' own.
    /// </summary>
    private async Task<LiveCheckResult> LiveCheckAsync((ManifestFile File, KubernetesResource? Resource) reviewed, ClusterLookup? lookup, CanaryGuardPolicy policy, TimeSpan budget, CancellationToken cancellationToken)
    {
        var workspace = new Workspace([reviewed.File], policy.DefaultNamespace, isComplete: false);
        var live = await liveCheck.RunAsync(reviewed.Resource!, (IResourceLookup?)lookup?.Over(workspace) ?? workspace, policy.PrometheusAddress!, policy.DefaultNamespace, budget, cancellationToken);
        return live.Findings.Count == 0
            ? live
            : live with
            {
                Findings = [.. engine.Configure(
                    [.. live.Findings.Select(f => (f, reviewed.Resource!))],
                    [reviewed.File],
                    1,
                    new AnalysisOptions { PolicyFor = _ => policy, SuppressibleByAnnotation = policy.Admission.AnnotationSuppressions }).Reported],
            };
    }

    /// <summary>The rule ids the stored object of an UPDATE already had findings for, judged against the same cluster reads.</summary>
    private HashSet<string> ExistingIds(AdmissionDecision decision, JsonElement old, ClusterLookup? lookup, CanaryGuardPolicy policy)
    {
        var before = Reviewed(decision, old, "oldObject", policy);
        return [.. Analyze(before, lookup, policy).Select(f => f.Id)];
    }

    /// <summary>
    /// True when everything but metadata and status is unchanged: labels, annotations, finalizers (Flagger's own),
    /// ownerReferences. Such an update never makes a rollout less safe, and denying it freezes existing objects.
    /// </summary>
    private static bool OnlyMetadataOrStatusChanged(JsonElement old, JsonElement updated)
    {
        static IEnumerable<JsonProperty> Content(JsonElement obj) =>
            obj.EnumerateObject().Where(p => p.Name is not ("metadata" or "status"));

        var before = Content(old).ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);
        var after = Content(updated).ToList();
        return after.Count == before.Count && after.All(p => before.TryGetValue(p.Name, out var value) && JsonElement.DeepEquals(value, p.Value));
    }

    /// <summary>
    /// The objects the reviewed one refers to, from the cluster within the look-up budget: only the kinds the rules
    /// reviewing it read. Null without a cluster, with a note when some rule would have looked something up.
    /// </summary>
    private async Task<(ClusterLookup? Lookup, List<string> Notes)> LookUpAsync((ManifestFile File, KubernetesResource? Resource) reviewed, CanaryGuardPolicy policy, CancellationToken cancellationToken)
    {
        var inputs = reviewed.Resource is { } resource ? engine.InputsFor(resource, policy) : [];
        if (inputs.Count == 0)
        {
            return (null, []);
        }

        if (cluster is null)
        {
            return (null, ["canaryguard: cluster context unavailable: references not checked"]);
        }

        var lookup = await cluster.LoadAsync(reviewed.Resource!, inputs, overlay: null, cancellationToken);
        var notes = new List<string>();
        if (lookup.Unavailable.Count > 0)
        {
            notes.Add($"canaryguard: cluster context unavailable: references not checked ({string.Join(", ", lookup.Unavailable)})");
        }

        notes.AddRange(lookup.Unchecked.Select(references => $"canaryguard: not checked: {references}"));
        return (lookup, notes);
    }
}
