using System.Text.Json.Nodes;

namespace CanaryGuard.Webhook.Tests.Kubernetes;

/// <summary>Objects shaped as the API server returns them (uid, resourceVersion, managedFields, status).</summary>
internal static class ApiObjects
{
    public static string DeploymentPath(string ns, string name) => $"/apis/apps/v1/namespaces/{ns}/deployments/{name}";

    public static string CanaryPath(string ns, string name) => $"/apis/flagger.app/v1beta1/namespaces/{ns}/canaries/{name}";

    public static string NamespacePath(string name) => $"/api/v1/namespaces/{name}";

    public static string HpaPath(string ns, string name) => $"/apis/autoscaling/v2/namespaces/{ns}/horizontalpodautoscalers/{name}";

    /// <summary>A Deployment with one container; <paramref name="ports"/> as <c>(name or null, containerPort)</c>.</summary>
    public static string Deployment(string ns, string name, IReadOnlyDictionary<string, string>? annotations = null, string uid = "6f1c7c55-1f0e-4b8e-9a51-0d7a2b9f3c11", params (string? Name, int Port)[] ports)
    {
        var portList = new JsonArray();
        foreach (var (portName, port) in ports.Length == 0 ? [("http", 8080)] : ports)
        {
            var entry = new JsonObject();
            if (portName is not null)
            {
                entry["name"] = portName;
            }

            entry["containerPort"] = port;
            entry["protocol"] = "TCP";
            portList.Add(entry);
        }

        var annotationObject = new JsonObject();
        foreach (var (key, value) in annotations ?? new Dictionary<string, string>())
        {
            annotationObject[key] = value;
        }

        var deployment = new JsonObject
        {
            ["kind"] = "Deployment",
            ["apiVersion"] = "apps/v1",
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["namespace"] = ns,
                ["uid"] = uid,
                ["resourceVersion"] = "48213",
                ["generation"] = 1,
                ["creationTimestamp"] = "2026-11-22T03:44:51Z",
                ["labels"] = new JsonObject { ["app"] = name },
                ["annotations"] = annotationObject,
                ["managedFields"] = new JsonArray(new JsonObject
                {
                    ["manager"] = "kubectl-client-side-apply",
                    ["operation"] = "Update",
                    ["apiVersion"] = "apps/v1",
                    ["time"] = "2026-11-22T03:44:51Z",
                    ["fieldsType"] = "FieldsV1",
                    ["fieldsV1"] = new JsonObject { ["f:spec"] = new JsonObject { ["f:replicas"] = new JsonObject() } },
                }),
            },
            ["spec"] = new JsonObject
            {
                ["replicas"] = 2,
                ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = name } },
                ["template"] = new JsonObject
                {
                    ["metadata"] = new JsonObject
                    {
                        ["creationTimestamp"] = null,
                        ["labels"] = new JsonObject { ["app"] = name, ["sidecar.istio.io/inject"] = "true" },
                    },
                    ["spec"] = new JsonObject
                    {
                        ["containers"] = new JsonArray(new JsonObject
                        {
                            ["name"] = name,
                            ["image"] = "ghcr.io/stefanprodan/podinfo:6.7.0",
                            ["ports"] = portList,
                            ["resources"] = new JsonObject { ["requests"] = new JsonObject { ["cpu"] = "50m", ["memory"] = "32Mi" } },
                            ["imagePullPolicy"] = "IfNotPresent",
                        }),
                        ["restartPolicy"] = "Always",
                    },
                },
                ["progressDeadlineSeconds"] = 600,
            },
            ["status"] = new JsonObject { ["observedGeneration"] = 1, ["replicas"] = 2, ["readyReplicas"] = 2 },
        };
        return deployment.ToJsonString();
    }

    public static string Namespace(string name, IReadOnlyDictionary<string, string>? labels = null)
    {
        var labelObject = new JsonObject { ["kubernetes.io/metadata.name"] = name };
        foreach (var (key, value) in labels ?? new Dictionary<string, string>())
        {
            labelObject[key] = value;
        }

        return new JsonObject
        {
            ["kind"] = "Namespace",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject { ["name"] = name, ["uid"] = Guid.NewGuid().ToString(), ["resourceVersion"] = "12", ["labels"] = labelObject },
            ["spec"] = new JsonObject { ["finalizers"] = new JsonArray("kubernetes") },
            ["status"] = new JsonObject { ["phase"] = "Active" },
        }.ToJsonString();
    }

    /// <summary>A Canary a user applied with kubectl: its only field manager is kubectl.</summary>
    public static string UserCanary(string ns, string name) =>
        """
        {"apiVersion":"flagger.app/v1beta1","kind":"Canary","metadata":{"name":"__NAME__","namespace":"__NS__","uid":"0a5f1d7e-7a51-4f77-9d0b-5c2d2e0e8a10","resourceVersion":"777","generation":1,
         "managedFields":[{"manager":"kubectl-client-side-apply","operation":"Update","apiVersion":"flagger.app/v1beta1","time":"2026-11-22T03:50:00Z","fieldsType":"FieldsV1","fieldsV1":{"f:spec":{}}}]},
         "spec":{"provider":"istio","targetRef":{"apiVersion":"apps/v1","kind":"Deployment","name":"__NAME__"},"service":{"port":9898},
          "analysis":{"interval":"30s","threshold":10,"maxWeight":30,"stepWeight":5,"metrics":[{"name":"request-success-rate","thresholdRange":{"min":99.9},"interval":"1m"}]}}}
        """.Replace("__NS__", ns, StringComparison.Ordinal).Replace("__NAME__", name, StringComparison.Ordinal);

    public static string Hpa(string ns, string name, string target) =>
        """
        {"apiVersion":"autoscaling/v2","kind":"HorizontalPodAutoscaler","metadata":{"name":"__NAME__","namespace":"__NS__","uid":"9b3a2a41-2f51-4d4e-8a8e-33a0c5e5b0a2","resourceVersion":"300"},
         "spec":{"scaleTargetRef":{"apiVersion":"apps/v1","kind":"Deployment","name":"__TARGET__"},"minReplicas":2,"maxReplicas":4,
          "metrics":[{"type":"Resource","resource":{"name":"cpu","target":{"type":"Utilization","averageUtilization":80}}}]},
         "status":{"currentReplicas":2,"desiredReplicas":2}}
        """.Replace("__NS__", ns, StringComparison.Ordinal).Replace("__NAME__", name, StringComparison.Ordinal).Replace("__TARGET__", target, StringComparison.Ordinal);
}
