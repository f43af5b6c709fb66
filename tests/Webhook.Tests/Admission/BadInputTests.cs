using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CanaryGuard.Tests.Shared;
using CanaryGuard.Webhook.Tests.Infrastructure;

namespace CanaryGuard.Webhook.Tests.Admission;

/// <summary>Input that is not a review this endpoint takes gets HTTP 400 with a one-line JSON error, never a 500.</summary>
[Collection(SharedWebhookDefinition.Name)]
public sealed class BadInputTests(WebhookFixture fixture)
{
    private RunningWebhook Webhook => fixture.Webhook;

    [Theory]
    [InlineData("not json at all", "not an AdmissionReview in JSON")]
    [InlineData("", "not an AdmissionReview in JSON")]
    [InlineData("null", "JSON null")]
    [InlineData("[1, 2]", "not an AdmissionReview in JSON")]
    [InlineData("""{"apiVersion": "admission.k8s.io/v1beta1", "kind": "AdmissionReview", "request": {"uid": "u"}}""", "expected apiVersion admission.k8s.io/v1")]
    [InlineData("""{"apiVersion": "admission.k8s.io/v1", "kind": "ConversionReview", "request": {"uid": "u"}}""", "expected apiVersion admission.k8s.io/v1 kind AdmissionReview")]
    [InlineData("""{"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview"}""", "has no request")]
    [InlineData("""{"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "request": {"operation": "CREATE"}}""", "request.uid is missing")]
    [InlineData("""{"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "request": {"uid": 7}}""", "not an AdmissionReview in JSON")]
    [InlineData("""{"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "request": "u"}""", "not an AdmissionReview in JSON (request is not a JSON object)")]
    [InlineData("""{"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "request": {"uid": "u", "dryRun": "yes"}}""", "not an AdmissionReview in JSON (request.dryRun is not a boolean)")]
    [InlineData("""{"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "request": {"uid": "u", "kind": ["Canary"]}}""", "not an AdmissionReview in JSON (request.kind is not a JSON object)")]
    public async Task Malformed_bodies_are_rejected(string body, string reason)
    {
        await AssertBadRequest("/validate", Encoding.UTF8.GetBytes(body), reason);
    }

    [Fact]
    public async Task An_object_of_a_kind_the_endpoint_does_not_take_is_rejected()
    {
        var service = new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Service", ["metadata"] = new JsonObject { ["name"] = "web" } };

        await AssertBadRequest("/validate", Encoding.UTF8.GetBytes(Reviews.Review(service).ToJsonString()), "/validate does not take v1 Service");
        await AssertBadRequest("/mutate", Encoding.UTF8.GetBytes(Reviews.Review(Reviews.Canary(Reviews.AnalysisSingleStep)).ToJsonString()), "/mutate does not take flagger.app/v1beta1 Canary");
    }

    [Fact]
    public async Task A_create_without_an_object_is_rejected()
    {
        var review = Reviews.Review(Reviews.Canary(Reviews.AnalysisSingleStep));
        review["request"]!["object"] = null;

        await AssertBadRequest("/validate", Encoding.UTF8.GetBytes(review.ToJsonString()), "request.object is missing");
    }

    /// <summary>Found by the full fuzz run: an escaped lone surrogate in the object was an unhandled exception.</summary>
    [Fact]
    public async Task An_unpaired_surrogate_escape_in_the_object_is_rejected_not_a_crash()
    {
        var body = Reviews.Review(Reviews.Canary(Reviews.AnalysisSingleStep)).ToJsonString()
            .Replace("\"name\":\"web\",\"namespace\"", "\"name\":\"web\",\"labels\":{\"x\":\"\\uD800\"},\"namespace\"", StringComparison.Ordinal);
        Assert.Contains("\\uD800", body, StringComparison.Ordinal);

        await AssertBadRequest("/validate", Encoding.UTF8.GetBytes(body), "request.object cannot be read: a string at metadata.labels.x holds an unpaired UTF-16 surrogate escape");
    }

    [SharedDataFact]
    public async Task An_unpaired_surrogate_escape_in_a_deployment_never_fails_the_mutation()
    {
        var deployment = Reviews.RecordedDeployment();
        deployment["metadata"]!["annotations"] = new JsonObject { ["x"] = "MARK" };
        deployment["spec"]!["template"]!["metadata"]!["labels"]!["y"] = "MARK";
        var body = Reviews.Review(deployment).ToJsonString().Replace("MARK", "\\uD800", StringComparison.Ordinal);

        using var response = await Webhook.PostAsync("/mutate", Encoding.UTF8.GetBytes(body));

        Assert.True(response.StatusCode is System.Net.HttpStatusCode.OK or System.Net.HttpStatusCode.BadRequest, $"HTTP {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    [Fact]
    public async Task A_body_over_6_MiB_is_rejected()
    {
        var review = Reviews.Review(Reviews.Canary(Reviews.AnalysisSingleStep));
        review["request"]!["object"]!["metadata"]!["annotations"] = new JsonObject { ["padding"] = new string('x', (6 * 1024 * 1024) + 1) };

        await AssertBadRequest("/validate", Encoding.UTF8.GetBytes(review.ToJsonString()), "larger than 6 MiB");
    }

    [Fact]
    public async Task Objects_nested_too_deeply_are_rejected()
    {
        var nested = string.Concat(Enumerable.Repeat("{\"a\":", 100)) + "1" + new string('}', 100);
        var body = """{"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "request": {"uid": "u", "operation": "CREATE", "object": {"apiVersion": "flagger.app/v1beta1", "kind": "Canary", "spec": """ + nested + "}}}";

        using var response = await Webhook.PostAsync("/validate", Encoding.UTF8.GetBytes(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Admission_paths_are_not_served_on_the_plain_http_port()
    {
        var (status, _) = await Webhook.GetHealthAsync("/validate");

        Assert.Equal(HttpStatusCode.NotFound, status);
    }

    private async Task AssertBadRequest(string path, byte[] body, string reason)
    {
        using var response = await Webhook.PostAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Single(text.TrimEnd('\n').Split('\n'));
        var error = JsonNode.Parse(text)!["error"]!.GetValue<string>();
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }
}
