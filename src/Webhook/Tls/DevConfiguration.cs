using System.Globalization;

namespace CanaryGuard.Webhook.Tls;

/// <summary>The ValidatingWebhookConfiguration and MutatingWebhookConfiguration that point a cluster at a <c>--dev</c> webhook.</summary>
public static class DevConfiguration
{
    public static string Render(string caBundle, int admissionPort)
    {
        var baseUrl = string.Create(CultureInfo.InvariantCulture, $"https://127.0.0.1:{admissionPort}");
        return $$"""
            apiVersion: admissionregistration.k8s.io/v1
            kind: ValidatingWebhookConfiguration
            metadata:
              name: canaryguard
            webhooks:
              - name: validate.canaryguard.io
                admissionReviewVersions: ["v1"]
                sideEffects: None
                failurePolicy: Ignore # development: a stopped webhook must not block the cluster
                timeoutSeconds: 5
                clientConfig:
                  url: {{baseUrl}}/validate
                  caBundle: {{caBundle}}
                rules:
                  - apiGroups: ["flagger.app"]
                    apiVersions: ["v1beta1"]
                    operations: ["CREATE", "UPDATE"]
                    resources: ["canaries", "metrictemplates"]
                  - apiGroups: ["apps"]
                    apiVersions: ["v1"]
                    operations: ["CREATE", "UPDATE"]
                    resources: ["deployments"]
            ---
            apiVersion: admissionregistration.k8s.io/v1
            kind: MutatingWebhookConfiguration
            metadata:
              name: canaryguard
            webhooks:
            {{MutatingWebhook("namespace.mutate.canaryguard.io", $"{baseUrl}/mutate/namespace", caBundle,
                "Deployments in namespaces labelled canaryguard.io/canary=enabled (opt out: annotation canaryguard.io/canary: disabled)",
                "matchLabels:", "  canaryguard.io/canary: enabled")}}
            {{MutatingWebhook("annotation.mutate.canaryguard.io", $"{baseUrl}/mutate", caBundle,
                "Other Deployments: only those annotated canaryguard.io/canary: enabled are patched",
                "matchExpressions:", "  - key: canaryguard.io/canary", "    operator: NotIn", "    values: [\"enabled\"]")}}

            """;
    }

    /// <summary>One entry of the MutatingWebhookConfiguration's webhooks list (indented for it): Deployments, reinvoked if needed.</summary>
    private static string MutatingWebhook(string name, string url, string caBundle, string comment, params string[] namespaceSelector) => $"""
          # {comment}
          - name: {name}
            admissionReviewVersions: ["v1"]
            sideEffects: None
            failurePolicy: Ignore
            reinvocationPolicy: IfNeeded
            timeoutSeconds: 5
            clientConfig:
              url: {url}
              caBundle: {caBundle}
            namespaceSelector:
              {string.Join("\n      ", namespaceSelector)}
            rules:
              - apiGroups: ["apps"]
                apiVersions: ["v1"]
                operations: ["CREATE", "UPDATE"]
                resources: ["deployments"]
        """;
}
