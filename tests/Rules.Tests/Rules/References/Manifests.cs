namespace CanaryGuard.Rules.Tests.Rules.References;

/// <summary>
/// Multi-document test applications for the cross-resource rules: a Canary in namespace shop targeting Deployment
/// web, and the objects around it. Tests edit them with <see cref="Edit"/>, which fails when the text to change is absent.
/// </summary>
internal static class Manifests
{
    /// <summary>Canary shop/web; targetRef.name is on line 10, service on line 11.</summary>
    public const string Canary =
        """
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
          service:
            port: 80
            targetPort: http

        """;

    public const string Deployment =
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          namespace: shop
        spec:
          selector:
            matchLabels:
              app: web
          template:
            metadata:
              labels:
                app: web
            spec:
              containers:
                - name: app
                  image: web:1.0
                  ports:
                    - name: http
                      containerPort: 8080
                  readinessProbe:
                    httpGet: {path: /ready, port: http}

        """;

    public const string Hpa =
        """
        apiVersion: autoscaling/v2
        kind: HorizontalPodAutoscaler
        metadata:
          name: web
          namespace: shop
        spec:
          scaleTargetRef:
            apiVersion: apps/v1
            kind: Deployment
            name: web
          minReplicas: 2
          maxReplicas: 4

        """;

    public const string MetricTemplate =
        """
        apiVersion: flagger.app/v1beta1
        kind: MetricTemplate
        metadata:
          name: error-rate
          namespace: shop
        spec:
          provider:
            type: prometheus
            address: http://prometheus.monitoring:9090
          query: |
            sum(rate(http_requests_total{namespace="{{ namespace }}", pod=~"{{ target }}-[0-9a-z]+-[0-9a-z]+", status=~"5.."}[{{ interval }}]))
            /
            sum(rate(http_requests_total{namespace="{{ namespace }}", pod=~"{{ target }}-[0-9a-z]+-[0-9a-z]+"}[{{ interval }}]))

        """;

    /// <summary>MetricTemplate shop/t with the given spec body (lines indented by two spaces).</summary>
    public static string MetricTemplateSpec(string specBody) =>
        "apiVersion: flagger.app/v1beta1\nkind: MetricTemplate\nmetadata:\n  name: t\n  namespace: shop\nspec:\n" + specBody;

    /// <summary>Namespace shop with the given labels (a YAML flow mapping body, e.g. <c>istio-injection: enabled</c>).</summary>
    public static string Namespace(string labels) =>
        "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels: {" + labels + "}\n";

    public static string Service(string name) =>
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: " + name + "\n  namespace: shop\nspec:\n  selector: {app: web}\n  ports:\n    - port: 80\n";

    /// <summary>The documents of one file, separated by <c>---</c>.</summary>
    public static string Documents(params string[] documents) => string.Join("---\n", documents);

    /// <summary>Replaces text that must be there; a typo in a test fails instead of testing the unedited manifest.</summary>
    public static string Edit(this string text, string old, string replacement)
    {
        Assert.Contains(old, text, StringComparison.Ordinal);
        return text.Replace(old, replacement, StringComparison.Ordinal);
    }
}
