using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using CanaryGuard.Cluster;

namespace CanaryGuard.Webhook.Canaries;

/// <summary>
/// Why a Deployment got no Canary, as a Warning Event on the Deployment (<c>kubectl describe</c> shows it to those
/// who may read the namespace's events), never in an admission response that any caller could provoke. The Event's
/// name is derived from the Deployment and the message, so the same refusal is reported once, not every resync.
/// </summary>
public sealed class CanaryEvents(ClusterClient client, string reportingInstance, ILogger logger)
{
    public const string Component = "canaryguard";

    public async Task WarnAsync(DeploymentKey deployment, string? uid, string reason, string message, CancellationToken cancellationToken)
    {
        var digest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{deployment.Name}\n{reason}\n{message}")))[..12];
        var now = DateTimeOffset.UtcNow.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var involved = new JsonObject
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = "Deployment",
            ["namespace"] = deployment.Namespace,
            ["name"] = deployment.Name,
        };
        if (uid is not null)
        {
            involved["uid"] = uid;
        }

        var item = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Event",
            ["metadata"] = new JsonObject { ["name"] = $"{(deployment.Name.Length > 200 ? deployment.Name[..200] : deployment.Name)}.canaryguard-{digest}", ["namespace"] = deployment.Namespace },
            ["involvedObject"] = involved,
            ["type"] = "Warning",
            ["reason"] = reason,
            ["message"] = message.Length > 1024 ? message[..1024] : message,
            ["source"] = new JsonObject { ["component"] = Component },
            ["reportingComponent"] = Component,
            ["reportingInstance"] = reportingInstance,
            ["firstTimestamp"] = now,
            ["lastTimestamp"] = now,
            ["count"] = 1,
        };
        try
        {
            using var created = await client.CreateAsync(KubernetesResourceType.Events, deployment.Namespace, Encoding.UTF8.GetBytes(item.ToJsonString()), cancellationToken);
        }
        catch (KubernetesApiException exception) when (exception.StatusCode == HttpStatusCode.Conflict)
        {
            // Reported before with the same message: one Event is enough.
        }
        catch (Exception exception) when (exception is KubernetesApiException or TimeoutException or HttpRequestException)
        {
            // The log line (written by the caller) already says why; a lost Event must not fail the reconcile.
            logger.EventFailed(deployment.Namespace, deployment.Name, exception.Message);
        }
    }
}
