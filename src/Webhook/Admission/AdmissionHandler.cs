using System.Text.Json;
using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.Policy;
using CanaryGuard.Webhook.Canaries;
using CanaryGuard.Webhook.Kubernetes;

namespace CanaryGuard.Webhook.Admission;

/// <summary>
/// Answers one AdmissionReview body: checks it is a v1 review of a kind the endpoint takes, lets deletions
/// through, and otherwise runs the rules (<c>/validate</c>, with the objects it refers to looked up in the cluster
/// when <paramref name="cluster"/> is set) or builds the Deployment patch (<c>/mutate</c>, handing an opted-in
/// Deployment to <paramref name="generation"/>). A dry run gets the same answer and no side effect.
/// </summary>
public sealed class AdmissionHandler(AnalysisEngine engine, Func<CanaryGuardPolicy> currentPolicy, ClusterContext? cluster = null, ICanaryGeneration? generation = null)
{
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
                return await DecideAsync(AdmissionRequest.Read(uid, request), endpoint, cancellationToken);
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
            return await ValidateAsync(decision, obj, policy, cancellationToken);
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

    private async Task<AdmissionDecision> ValidateAsync(AdmissionDecision decision, JsonElement obj, CanaryGuardPolicy policy, CancellationToken cancellationToken)
    {
        ManifestNode root;
        try
        {
            root = JsonManifestReader.Read(obj);
        }
        catch (UnsafeJsonInputException exception)
        {
            return Unsafe(decision, exception.Message);
        }
        catch (InvalidDataException exception)
        {
            throw new BadAdmissionRequestException($"request.object cannot be read: {exception.Message}", exception);
        }

        // A namespaced object created with only `-n` carries its namespace in the request, not in metadata.
        var effective = decision.Namespace is { Length: > 0 } ns ? policy with { DefaultNamespace = ns } : policy;
        var file = new ManifestFile($"admission:{decision.Kind}/{decision.Namespace}/{decision.Name}", [new ManifestDocument(0, root, null)], [], []);
        var lookup = await LookUpAsync(file, root, effective, cancellationToken);
        var findings = engine.Analyze([file], new AnalysisOptions { PolicyFor = _ => effective, Parallel = false, Lookup = lookup }).Reported.ToList();

        var denyAt = policy.Admission.DenyAt;
        var denying = denyAt == DiagnosticSeverity.None ? [] : findings.Where(f => f.Severity >= denyAt).ToList();
        var notes = lookup is { Unavailable.Count: > 0 }
            ? [$"canaryguard: cluster context unavailable ({string.Join(", ", lookup.Unavailable)}): references were not checked"]
            : Array.Empty<string>();
        var warnings = FindingMessages.Warnings(notes.Concat(findings.Except(denying).Select(FindingMessages.Warning)));
        var subject = $"{decision.Kind} {(decision.Namespace is { Length: > 0 } n ? n + "/" : string.Empty)}{decision.Name}";
        var response = new AdmissionResponse
        {
            Uid = decision.Uid,
            Allowed = denying.Count == 0,
            Status = denying.Count == 0 ? null : new AdmissionStatus(403, "Forbidden", FindingMessages.Denial(subject, denyAt, denying)),
            Warnings = warnings.Count == 0 ? null : warnings,
        };
        return decision with { Review = Respond(response), Findings = findings };
    }

    /// <summary>
    /// The objects the reviewed one refers to, from the cluster within the look-up budget, with the reviewed object
    /// itself winning over its stored copy. Null without a cluster: then only the object itself is seen.
    /// </summary>
    private async Task<ClusterLookup?> LookUpAsync(ManifestFile file, ManifestNode root, CanaryGuardPolicy policy, CancellationToken cancellationToken)
    {
        if (cluster is null || root is not MappingNode mapping || KubernetesResource.FromRoot(file, mapping).FirstOrDefault() is not { } resource)
        {
            return null;
        }

        // An object created with `-n` carries its namespace in the request only.
        var reviewed = resource.DeclaredNamespace is null
            ? new KubernetesResource(file, mapping, resource.ApiVersion, resource.Kind, resource.Name, policy.DefaultNamespace)
            : resource;
        return await cluster.LoadAsync(reviewed, new Workspace([file], policy.DefaultNamespace, isComplete: false), cancellationToken);
    }
}
