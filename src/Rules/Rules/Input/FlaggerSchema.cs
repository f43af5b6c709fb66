using CanaryGuard.Rules.Model;
using static CanaryGuard.Rules.Rules.Input.CrdSchema;

namespace CanaryGuard.Rules.Rules.Input;

/// <summary>
/// The OpenAPI v3 schemas of Flagger v1.44's CRDs (<c>artifacts/flagger/crd.yaml</c>) for the kinds CanaryGuard
/// validates. Written out once from the CRD; FlaggerSchemaTests reads the CRD and proves every property, type,
/// enum, pattern, bound, required list and oneOf here matches it, so a Flagger upgrade that changes the schema
/// fails the build instead of drifting. Subtrees the CRD repeats are named once.
/// </summary>
public static class FlaggerSchema
{
    public const string Group = "flagger.app";

    /// <summary>The only version every Flagger CRD serves since v1.0 (v1alpha3 was removed).</summary>
    public const string ServedVersion = "v1beta1";

    /// <summary>Whether the resource's apiVersion is the one Flagger's CRDs serve; the API server refuses any other before validating.</summary>
    public static bool IsServed(KubernetesResource resource) =>
        resource.ApiVersion.AsSpan(resource.ApiVersion.IndexOf('/', StringComparison.Ordinal) + 1).SequenceEqual(ServedVersion);

    /// <summary>The kinds Flagger's CRDs define; all served at <see cref="ServedVersion"/> only.</summary>
    public static IReadOnlySet<string> Kinds { get; } = new HashSet<string>(StringComparer.Ordinal) { "Canary", "MetricTemplate", "AlertProvider" };

    /// <summary>Istio's StringMatch: at most one of exact, prefix and regex.</summary>
    public static CrdSchema StringMatch { get; } = Obj(
        ("exact", Str()),
        ("prefix", Str()),
        ("regex", Str())) with { OneOf = [new CrdSchema { Not = new CrdSchema { AnyOf = [Requires("exact"), Requires("prefix"), Requires("regex")] } }, Requires("exact"), Requires("prefix"), Requires("regex")] };

    /// <summary>Header or query parameter name to StringMatch.</summary>
    public static CrdSchema StringMatchMap { get; } = Map(StringMatch);

    /// <summary>Istio header operations on requests or responses.</summary>
    public static CrdSchema HeaderOperations { get; } = Obj(
        ("add", Map(Str())),
        ("remove", Arr(Str())),
        ("set", Map(Str())));

    /// <summary>Labels and annotations Flagger adds to a generated Service.</summary>
    public static CrdSchema ServiceMetadata { get; } = Obj(
        ("labels", Map(Str())),
        ("annotations", Map(Str())));

    /// <summary>A reference by name, optionally in another namespace (templateRef, providerRef).</summary>
    public static CrdSchema NamespacedReference { get; } = Obj(
        ["name"],
        ("name", Str()),
        ("namespace", Str()));

    public static CrdSchema Canary { get; } = Obj(
        ("apiVersion", Str()),
        ("kind", Str()),
        ("metadata", Obj()),
        ("spec", Obj(
            ["targetRef", "analysis"],
            ("provider", Str(@enum: ["apisix", "appmesh", "appmesh:v1beta2", "contour", "gatewayapi:v1", "gatewayapi:v1beta1", "gloo", "istio", "knative", "kubernetes", "kuma", "linkerd", "nginx", "osm", "skipper", "smi:v1alpha1", "smi:v1alpha2", "smi:v1alpha3", "traefik"])),
            ("metricsServer", Str()),
            ("progressDeadlineSeconds", Num()),
            ("targetRef", Obj(
                ["apiVersion", "kind", "name"],
                ("apiVersion", Str()),
                ("kind", Str(@enum: ["DaemonSet", "Deployment", "Service"])),
                ("name", Str()))),
            ("autoscalerRef", Obj(
                ["apiVersion", "kind", "name"],
                ("apiVersion", Str()),
                ("kind", Str(@enum: ["HorizontalPodAutoscaler", "ScaledObject"])),
                ("name", Str()),
                ("primaryScalerQueries", Map(Str())),
                ("primaryScalerReplicas", Obj(
                    ("minReplicas", Int(minimum: 1)),
                    ("maxReplicas", Int(minimum: 1)))))),
            ("ingressRef", Obj(
                ["apiVersion", "kind", "name"],
                ("apiVersion", Str()),
                ("kind", Str(@enum: ["Ingress"])),
                ("name", Str()))),
            ("routeRef", Obj(
                ["apiVersion", "kind", "name"],
                ("apiVersion", Str()),
                ("kind", Str(@enum: ["ApisixRoute"])),
                ("name", Str()))),
            ("upstreamRef", Obj(
                ["apiVersion", "kind", "name"],
                ("apiVersion", Str()),
                ("kind", Str(@enum: ["Upstream"])),
                ("name", Str()),
                ("namespace", Str()))),
            ("service", Obj(
                ["port"],
                ("name", Str()),
                ("port", Num()),
                ("portName", Str()),
                ("appProtocol", Str()),
                ("trafficDistribution", Str(@enum: ["PreferClose", "PreferSameZone", "PreferSameNode"])),
                ("targetPort", IntOrStr()),
                ("portDiscovery", Bool()),
                ("headless", Bool()),
                ("timeout", Str()),
                ("backendTimeout", Str()),
                ("meshName", Str()),
                ("backends", Arr(Str())),
                ("hosts", Arr(Str())),
                ("delegation", Bool()),
                ("match", Arr(Obj(
                    ("authority", StringMatch),
                    ("gateways", Arr(Str())),
                    ("headers", StringMatchMap),
                    ("ignoreUriCase", Bool()),
                    ("method", StringMatch),
                    ("name", Str()),
                    ("port", Int()),
                    ("queryParams", StringMatchMap),
                    ("scheme", StringMatch),
                    ("sourceLabels", Map(Str())),
                    ("sourceNamespace", Str()),
                    ("uri", StringMatch),
                    ("withoutHeaders", StringMatchMap)))),
                ("retries", Obj(
                    ("attempts", Int()),
                    ("perTryTimeout", Str()),
                    ("retryOn", Str()))),
                ("rewrite", Obj(
                    ("uri", Str()),
                    ("authority", Str()),
                    ("type", Str()))),
                ("mirror", Arr(Obj(
                    ("backendRef", Obj(
                        ["name"],
                        ("group", Str(pattern: @"^$|^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$") with { Default = "", MaxLength = 253 }),
                        ("kind", Str(pattern: "^[a-zA-Z]([-a-zA-Z0-9]*[a-zA-Z0-9])?$") with { Default = "Service", MaxLength = 63, MinLength = 1 }),
                        ("name", Str() with { MaxLength = 253, MinLength = 1 }),
                        ("namespace", Str(pattern: "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$") with { MaxLength = 63, MinLength = 1 }),
                        ("port", Int(minimum: 1, maximum: 65535))) with { Validations = [new("(size(self.group) == 0 && self.kind == 'Service') ? has(self.port) : true", "Must have port for Service reference")] }))) with { Required = ["backendRef"] }),
                ("headers", Obj(
                    ("request", HeaderOperations),
                    ("response", HeaderOperations))),
                ("gateways", Arr(Str())),
                ("gatewayRefs", Arr(Obj(
                    ["name"],
                    ("group", Str(pattern: @"^$|^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$") with { Default = "gateway.networking.k8s.io", MaxLength = 253 }),
                    ("kind", Str(pattern: "^[a-zA-Z]([-a-zA-Z0-9]*[a-zA-Z0-9])?$") with { Default = "Gateway", MaxLength = 63, MinLength = 1 }),
                    ("name", Str() with { MaxLength = 253, MinLength = 1 }),
                    ("namespace", Str(pattern: "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$") with { MaxLength = 63, MinLength = 1 }),
                    ("sectionName", Str(pattern: @"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$") with { MaxLength = 253, MinLength = 1 }),
                    ("port", Int(minimum: 1, maximum: 65535)))) with { MaxItems = 32 }),
                ("corsPolicy", Obj(
                    ("allowCredentials", Bool()),
                    ("allowHeaders", Arr(Str())),
                    ("allowMethods", Arr(Str())),
                    ("allowOrigin", Arr(Str())),
                    ("allowOrigins", Arr(Obj(
                        ("exact", Str()),
                        ("prefix", Str()),
                        ("regex", Str())) with { OneOf = [Requires("exact"), Requires("prefix"), Requires("regex")] })),
                    ("exposeHeaders", Arr(Str())),
                    ("maxAge", Str()))),
                ("trafficPolicy", Obj(
                    ("connectionPool", Obj(
                        ("http", Obj(
                            ("h2UpgradePolicy", Str(@enum: ["DEFAULT", "DO_NOT_UPGRADE", "UPGRADE"])),
                            ("http1MaxPendingRequests", Int()),
                            ("http2MaxRequests", Int()),
                            ("idleTimeout", Str()),
                            ("maxRequestsPerConnection", Int()),
                            ("maxRetries", Int()))))),
                    ("loadBalancer", Obj(
                        ("consistentHash", Obj(
                            ("httpCookie", Obj(
                                ("name", Str()),
                                ("path", Str()),
                                ("ttl", Str()))),
                            ("httpHeaderName", Str()),
                            ("httpQueryParameterName", Str()),
                            ("minimumRingSize", Int()),
                            ("useSourceIp", Bool()))),
                        ("localityLbSetting", Obj(
                            ("distribute", Arr(Obj(
                                ("from", Str()),
                                ("to", Map(Int()))))),
                            ("enabled", Bool()),
                            ("failover", Arr(Obj(
                                ("from", Str()),
                                ("to", Str())))))),
                        ("simple", Str(@enum: ["ROUND_ROBIN", "LEAST_CONN", "RANDOM", "PASSTHROUGH", "LEAST_REQUEST"])),
                        ("warmupDurationSecs", Str())) with { OneOf = [Requires("simple"), Obj(
                            ["consistentHash"],
                            ("consistentHash", new CrdSchema { OneOf = [Requires("httpHeaderName"), Requires("httpCookie"), Requires("useSourceIp"), Requires("httpQueryParameterName")] })) with { Type = CrdType.Any }] }),
                    ("outlierDetection", Obj(
                        ("baseEjectionTime", Str()),
                        ("consecutive5xxErrors", Int()),
                        ("consecutiveErrors", Int()),
                        ("consecutiveGatewayErrors", Int()),
                        ("consecutiveLocalOriginFailures", Int()),
                        ("interval", Str()),
                        ("maxEjectionPercent", Int()),
                        ("minHealthPercent", Int()),
                        ("splitExternalLocalOriginErrors", Bool()))),
                    ("tls", Obj(
                        ("caCertificates", Str()),
                        ("clientCertificate", Str()),
                        ("mode", Str(@enum: ["DISABLE", "SIMPLE", "MUTUAL", "ISTIO_MUTUAL"])),
                        ("privateKey", Str()),
                        ("sni", Str()),
                        ("subjectAltNames", Arr(Str())))))),
                ("apex", ServiceMetadata),
                ("primary", ServiceMetadata),
                ("canary", ServiceMetadata),
                ("unmanagedMetadata", Obj(
                    ("annotations", Arr(Str())),
                    ("labels", Arr(Str())))))),
            ("skipAnalysis", Bool()),
            ("revertOnDeletion", Bool()),
            ("suspend", Bool()),
            ("analysis", Obj(
                ("interval", Str(pattern: "^[0-9]+(m|s)")),
                ("iterations", Num()),
                ("threshold", Num()),
                ("maxWeight", Num()),
                ("stepWeight", Num()),
                ("stepWeights", Arr(Num())),
                ("stepWeightPromotion", Num()),
                ("mirror", Bool()),
                ("mirrorWeight", Num()),
                ("primaryReadyThreshold", Num()),
                ("canaryReadyThreshold", Num()),
                ("match", Arr(Obj(
                    ("headers", Map(Obj(
                        ("exact", Str()),
                        ("prefix", Str()),
                        ("suffix", Str()),
                        ("regex", Str())) with { OneOf = [Requires("exact"), Requires("prefix"), Requires("suffix"), Requires("regex")] })),
                    ("queryParams", StringMatchMap),
                    ("sourceLabels", Map(Str()))))),
                ("metrics", Arr(Obj(
                    ["name"],
                    ("name", Str()),
                    ("interval", Str(pattern: "^[0-9]+(m|s)")),
                    ("threshold", Num()),
                    ("thresholdRange", Obj(
                        ("min", Num()),
                        ("max", Num()))),
                    ("query", Str()),
                    ("templateRef", NamespacedReference),
                    ("templateVariables", Map(Str()))))),
                ("alerts", Arr(Obj(
                    ["providerRef", "name"],
                    ("name", Str()),
                    ("severity", Str(@enum: ["", "info", "warn", "error"])),
                    ("providerRef", NamespacedReference)))),
                ("webhooks", Arr(Obj(
                    ["name", "url"],
                    ("name", Str()),
                    ("type", Str(@enum: ["", "confirm-rollout", "pre-rollout", "rollout", "confirm-promotion", "post-rollout", "event", "rollback", "confirm-traffic-increase"])),
                    ("muteAlert", Bool()),
                    ("url", Str()),
                    ("timeout", Str(pattern: "^[0-9]+(m|s)")),
                    ("retries", Num()),
                    ("disableTLS", Bool()),
                    ("metadata", Map(Str()))))),
                ("sessionAffinity", Obj(
                    ["cookieName"],
                    ("cookieName", Str()),
                    ("primaryCookieName", Str()),
                    ("domain", Str()),
                    ("httpOnly", Bool()),
                    ("maxAge", Num() with { Default = "86400" }),
                    ("partitioned", Bool()),
                    ("path", Str()),
                    ("sameSite", Str(@enum: ["Strict", "Lax", "None"])),
                    ("secure", Bool())))) with { OneOf = [Requires("interval", "threshold", "iterations"), Requires("interval", "threshold", "stepWeight"), Requires("interval", "threshold", "stepWeights")] }))),
        ("status", Obj(
            ("phase", Str(@enum: ["", "Initializing", "Initialized", "Waiting", "Progressing", "WaitingPromotion", "Promoting", "Finalising", "Succeeded", "Failed", "Terminating", "Terminated"])),
            ("failedChecks", Num()),
            ("canaryWeight", Num()),
            ("iterations", Num()),
            ("trackedConfigs", Map(Str())),
            ("lastAppliedSpec", Str()),
            ("lastPromotedSpec", Str()),
            ("lastTransitionTime", Str()),
            ("sessionAffinityCookie", Str()),
            ("primarySessionAffinityCookie", Str()),
            ("previousSessionAffinityCookie", Str()),
            ("conditions", Arr(Obj(
                ["type", "status", "reason"],
                ("lastTransitionTime", Str()),
                ("lastUpdateTime", Str()),
                ("message", Str()),
                ("reason", Str()),
                ("status", Str()),
                ("type", Str())))))));

    public static CrdSchema MetricTemplate { get; } = Obj(
        ("apiVersion", Str()),
        ("kind", Str()),
        ("metadata", Obj()),
        ("spec", Obj(
            ["provider", "query"],
            ("provider", Obj(
                ["type"],
                ("type", Str(@enum: ["prometheus", "influxdb", "datadog", "externalmetrics", "stackdriver", "cloudwatch", "newrelic", "graphite", "dynatrace", "keptn", "splunk"])),
                ("address", Str()),
                ("headers", Map(Arr(Str()))),
                ("secretRef", Obj(
                    ["name"],
                    ("name", Str()))),
                ("region", Str()),
                ("insecureSkipVerify", Bool()))),
            ("query", Str()))));

    /// <summary>The schema of each validated kind.</summary>
    public static IReadOnlyDictionary<string, CrdSchema> ByKind { get; } = new Dictionary<string, CrdSchema>(StringComparer.Ordinal)
    {
        ["Canary"] = Canary,
        ["MetricTemplate"] = MetricTemplate,
    };
}
