using System.Globalization;
using System.Text;

namespace CanaryGuard.Bench.Corpus;

/// <summary>
/// Writes a realistic synthetic repository of N applications: per app a Deployment, Service, Canary, and
/// for some an HPA and a MetricTemplate, in namespaces of 20 apps each (or as many as asked: one namespace
/// holding every app is how small clusters look, and what a quadratic look-up would show). About 30% of apps carry one unsafe
/// setting. Files come in mixed sizes: one resource a file, one app a file, and bundles of ten apps.
/// The same seed always writes the same bytes.
/// </summary>
public static class CorpusGenerator
{
    private static readonly string[] UnsafeSettings =
    [
        "step-equals-max", "no-metrics", "success-rate-fraction", "duration-seconds", "short-interval",
        "no-readiness", "injection-off", "threshold-one",
    ];

    public static CorpusSummary Write(int apps, string folder, int seed, int appsPerNamespace = 20)
    {
        var random = new Random(seed);
        Directory.CreateDirectory(folder);
        int files = 0, resources = 0;
        var unsafeApps = new Dictionary<string, string>(StringComparer.Ordinal);
        var bundle = new StringBuilder();
        var bundled = 0;
        for (var app = 0; app < apps; app++)
        {
            var ns = string.Create(CultureInfo.InvariantCulture, $"team-{app / appsPerNamespace:D4}");
            var name = string.Create(CultureInfo.InvariantCulture, $"app-{app:D5}");
            var flaw = random.NextDouble() < 0.3 ? UnsafeSettings[random.Next(UnsafeSettings.Length)] : null;
            if (flaw is not null)
            {
                unsafeApps.Add($"{ns}/{name}", flaw);
            }

            var documents = new List<(string Kind, string Yaml)>();
            if (app % appsPerNamespace == 0)
            {
                documents.Add(("namespace", Namespace(ns)));
            }

            documents.Add(("deployment", Deployment(ns, name, hpa: app % 2 == 0, readiness: flaw != "no-readiness", injected: flaw != "injection-off")));
            documents.Add(("service", Service(ns, name)));
            if (app % 2 == 0)
            {
                documents.Add(("hpa", Hpa(ns, name)));
            }

            var template = app % 5 == 0;
            if (template)
            {
                documents.Add(("metrictemplate", MetricTemplate(ns, name)));
            }

            documents.Add(("canary", Canary(ns, name, flaw, template, hpa: app % 2 == 0)));
            resources += documents.Count;

            var layout = random.Next(10);
            var appFolder = Path.Combine(folder, ns, name);
            if (layout < 6)
            {
                Directory.CreateDirectory(appFolder);
                foreach (var (kind, yaml) in documents)
                {
                    File.WriteAllText(Path.Combine(appFolder, kind + ".yaml"), yaml);
                    files++;
                }
            }
            else if (layout < 9)
            {
                Directory.CreateDirectory(appFolder);
                File.WriteAllText(Path.Combine(appFolder, "all.yaml"), string.Join("---\n", documents.Select(d => d.Yaml)));
                files++;
            }
            else
            {
                bundle.Append(string.Join("---\n", documents.Select(d => d.Yaml))).Append("---\n");
                if (++bundled == 10)
                {
                    files += FlushBundle(folder, bundle, files);
                    bundled = 0;
                }
            }
        }

        if (bundle.Length > 0)
        {
            files += FlushBundle(folder, bundle, files);
        }

        return new CorpusSummary(apps, resources, files, folder, unsafeApps);
    }

    private static int FlushBundle(string folder, StringBuilder bundle, int index)
    {
        var bundles = Path.Combine(folder, "bundles");
        Directory.CreateDirectory(bundles);
        File.WriteAllText(Path.Combine(bundles, string.Create(CultureInfo.InvariantCulture, $"bundle-{index:D6}.yaml")), bundle.ToString());
        bundle.Clear();
        return 1;
    }

    private static string Namespace(string ns) => $"""
        apiVersion: v1
        kind: Namespace
        metadata:
          name: {ns}
          labels:
            istio-injection: enabled

        """;

    // injected: false opts the pods out of the namespace's sidecar injection (one app, not the whole namespace).
    private static string Deployment(string ns, string name, bool hpa, bool readiness, bool injected) => $"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: {name}
          namespace: {ns}
          labels:
            app: {name}
        spec:
        {(hpa ? string.Empty : "  replicas: 2\n")}  selector:
            matchLabels:
              app: {name}
          template:
            metadata:
              labels:
                app: {name}
        {(injected ? string.Empty : "        sidecar.istio.io/inject: \"false\"\n")}    spec:
              containers:
                - name: {name}
                  image: registry.example.com/{name}:1.4.2
                  ports:
                    - name: http
                      containerPort: 8080
                      protocol: TCP
        {(readiness ? "          readinessProbe:\n            httpGet:\n              path: /readyz\n              port: http\n            periodSeconds: 5\n" : string.Empty)}          resources:
                    requests:
                      cpu: 100m
                      memory: 64Mi

        """;

    private static string Service(string ns, string name) => $"""
        apiVersion: v1
        kind: Service
        metadata:
          name: {name}-metrics
          namespace: {ns}
        spec:
          selector:
            app: {name}
          ports:
            - name: http-metrics
              port: 9090
              targetPort: http

        """;

    private static string Hpa(string ns, string name) => $"""
        apiVersion: autoscaling/v2
        kind: HorizontalPodAutoscaler
        metadata:
          name: {name}
          namespace: {ns}
        spec:
          scaleTargetRef:
            apiVersion: apps/v1
            kind: Deployment
            name: {name}
          minReplicas: 2
          maxReplicas: 10
          metrics:
            - type: Resource
              resource:
                name: cpu
                target:
                  type: Utilization
                  averageUtilization: 80

        """;

    private static string MetricTemplate(string ns, string name) => $$"""
        apiVersion: flagger.app/v1beta1
        kind: MetricTemplate
        metadata:
          name: {{name}}-error-rate
          namespace: {{ns}}
        spec:
          provider:
            type: prometheus
            address: http://prometheus.istio-system:9090
          query: |
            100 - sum(rate(istio_requests_total{reporter="destination", destination_workload_namespace="{{ "{{" }} namespace {{ "}}" }}", destination_workload="{{ "{{" }} target {{ "}}" }}", response_code!~"5.*"}[{{ "{{" }} interval {{ "}}" }}])) / sum(rate(istio_requests_total{reporter="destination", destination_workload_namespace="{{ "{{" }} namespace {{ "}}" }}", destination_workload="{{ "{{" }} target {{ "}}" }}"}[{{ "{{" }} interval {{ "}}" }}])) * 100

        """;

    private static string Canary(string ns, string name, string? flaw, bool template, bool hpa)
    {
        var interval = flaw == "short-interval" ? "5s" : "1m";
        var threshold = flaw == "threshold-one" ? 1 : 5;
        var step = flaw == "step-equals-max" ? 50 : 10;
        var successMin = flaw == "success-rate-fraction" ? "0.99" : "99";
        var durationMax = flaw == "duration-seconds" ? "0.5" : "500";
        var metrics = flaw == "no-metrics"
            ? string.Empty
            : $"""
                  metrics:
                    - name: request-success-rate
                      thresholdRange:
                        min: {successMin}
                      interval: 1m
                    - name: request-duration
                      thresholdRange:
                        max: {durationMax}
                      interval: 1m
              {(template ? $"      - name: error-rate\n        templateRef:\n          name: {name}-error-rate\n        thresholdRange:\n          max: 1\n        interval: 1m\n" : string.Empty)}
              """;
        return $"""
            apiVersion: flagger.app/v1beta1
            kind: Canary
            metadata:
              name: {name}
              namespace: {ns}
            spec:
              provider: istio
              targetRef:
                apiVersion: apps/v1
                kind: Deployment
                name: {name}
            {(hpa ? $"  autoscalerRef:\n    apiVersion: autoscaling/v2\n    kind: HorizontalPodAutoscaler\n    name: {name}\n" : string.Empty)}  progressDeadlineSeconds: 600
              service:
                port: 80
                targetPort: http
              analysis:
                interval: {interval}
                threshold: {threshold}
                maxWeight: 50
                stepWeight: {step}
            {metrics}    webhooks:
                  - name: load-test
                    url: http://flagger-loadtester.test/
                    timeout: 5s
                    metadata:
                      cmd: "hey -z 1m -q 10 -c 2 http://{name}-canary.{ns}/"

            """;
    }
}

/// <summary>What <see cref="CorpusGenerator.Write"/> wrote; <see cref="UnsafeApps"/> maps namespace/name to its unsafe setting.</summary>
public sealed record CorpusSummary(int Apps, int Resources, int Files, string Folder, IReadOnlyDictionary<string, string> UnsafeApps)
{
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Apps} apps, {Resources} resources, {UnsafeApps.Count} with an unsafe setting, {Files} files in {Folder}");
}
