using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CanaryGuard.Tests.Shared;
using CanaryGuard.Webhook.Tests.Infrastructure;

namespace CanaryGuard.Webhook.Tests.Admission;

/// <summary>
/// Bad input never gets a 500. Before the uid is read: HTTP 400 with a one-line JSON error. After: a review echoing
/// the uid, which /validate does not allow (code 400 and the reason) and the mutating endpoints allow unchanged
/// with the reason as a warning (their failure policy is Ignore).
/// </summary>
[Collection(SharedWebhookDefinition.Name)]
public sealed class BadInputTests(WebhookFixture fixture)
{
    private const string Uid = "0b9a3f52-7a5e-4c4b-9d35-6f4a2b1c8e01";

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
    [InlineData("""{"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "request": {"uid": "\uD800"}}""", "request.uid holds an unpaired UTF-16 surrogate escape")]
    public async Task Bodies_without_a_readable_uid_are_an_http_400(string body, string reason)
    {
        await AssertBadRequest("/validate", Encoding.UTF8.GetBytes(body), reason);
    }

    /// <summary>The parser does not look inside strings, so each place used to fail later, with an empty HTTP 500.</summary>
    [Theory]
    [InlineData("uid")]
    [InlineData("name")]
    [InlineData("operation")]
    [InlineData("object")]
    public async Task Invalid_utf8_anywhere_is_an_http_400_naming_the_byte(string where)
    {
        var review = Reviews.Review(Reviews.Canary(Reviews.AnalysisSingleStep), uid: Uid);
        if (where == "object")
        {
            review["request"]!["object"]!["metadata"]!["labels"] = new JsonObject { ["app"] = "MARK" };
        }
        else
        {
            review["request"]![where] = "MARK";
        }

        var text = Encoding.UTF8.GetBytes(review.ToJsonString());
        var at = text.AsSpan().IndexOf("MARK"u8);
        text[at + 1] = 0xC3; // a lead byte followed by 'R', not a continuation byte
        text[at + 2] = 0x28;

        await AssertBadRequest("/validate", text, $"the body is not valid UTF-8 (byte {at + 1})");
    }

    public static TheoryData<string, string> MalformedAfterTheUid => new()
    {
        { """ "dryRun": "yes" """, "not an AdmissionReview in JSON (request.dryRun is not a boolean)" },
        { """ "kind": ["Canary"] """, "not an AdmissionReview in JSON (request.kind is not a JSON object)" },
        { """ "operation": null """, "request.operation is missing" },
        { """ "operation": "PATCH" """, "request.operation 'PATCH' is not one of CREATE, UPDATE, DELETE, CONNECT" },
        { $$""" "name": "{{new string('n', 254)}}" """, "request.name is 254 characters long, over the limit of 253" },
        { """ "namespace": "\uDC00" """, "request.namespace holds an unpaired UTF-16 surrogate escape" },
        { """ "object": null """, "request.object is missing for CREATE" },
        { """ "object": {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web"}} """, "/validate does not take v1 Service" },
        { $$""" "object": {"apiVersion": "v1", "kind": "{{new string('k', 5000)}}"} """, "/validate does not take v1 kkkkkkkk" },
    };

    [Theory]
    [MemberData(nameof(MalformedAfterTheUid))]
    public async Task Malformed_content_after_the_uid_is_a_review_echoing_it_not_allowed_with_code_400(string field, string reason)
    {
        var response = await ReviewWith("/validate", field);

        Assert.Equal(Uid, response["uid"]!.GetValue<string>());
        Assert.False(response["allowed"]!.GetValue<bool>());
        Assert.Equal(400, response["status"]!["code"]!.GetValue<int>());
        var message = response["status"]!["message"]!.GetValue<string>();
        Assert.Contains(reason, message, StringComparison.Ordinal);
        Assert.True(message.Length < 300, $"a {message.Length}-character message echoes the input");
    }

    [Theory]
    [InlineData("/mutate", """ "operation": "PATCH" """, "canaryguard: not mutated: request.operation 'PATCH' is not one of CREATE, UPDATE, DELETE, CONNECT")]
    [InlineData("/mutate/namespace", """ "dryRun": 1 """, "canaryguard: not mutated: the body is not an AdmissionReview in JSON (request.dryRun is not a boolean)")]
    public async Task Malformed_content_on_a_mutating_endpoint_is_allowed_unchanged_with_the_reason(string path, string field, string warning)
    {
        var response = await ReviewWith(path, field, Reviews.RecordedDeployment());

        Assert.Equal(Uid, response["uid"]!.GetValue<string>());
        Assert.True(response["allowed"]!.GetValue<bool>());
        Assert.Null(response["patch"]);
        Assert.Equal([warning], response["warnings"]!.AsArray().Select(w => w!.GetValue<string>()));
    }

    /// <summary>The report: <c>/mutate/namespace</c> named itself <c>/mutate-namespace</c> in this message.</summary>
    [Fact]
    public async Task The_kind_refusal_names_the_path_of_the_endpoint()
    {
        var response = Reviews.Response(await Webhook.ReviewAsync("/mutate/namespace", Reviews.Review(Reviews.Canary(Reviews.AnalysisSingleStep))));

        Assert.StartsWith("canaryguard: not mutated: /mutate/namespace does not take flagger.app/v1beta1 Canary", Assert.Single(response["warnings"]!.AsArray())!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_2_MB_uid_is_neither_echoed_nor_logged()
    {
        var uid = new string('u', 2 * 1024 * 1024);
        var body = Encoding.UTF8.GetBytes(Reviews.Review(Reviews.Canary(Reviews.AnalysisSingleStep), uid: uid).ToJsonString());

        using var response = await Webhook.PostAsync("/validate", body);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"request.uid is {uid.Length} characters long, over the limit of 128", text, StringComparison.Ordinal);
        Assert.True(text.Length < 200, $"a {text.Length}-character answer");
        Assert.DoesNotContain(Webhook.Logs.Entries, e => e.Message.Contains(uid[..200], StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_unpaired_surrogate_escape_in_the_object_is_refused_not_a_crash()
    {
        var review = Reviews.Review(Reviews.Canary(Reviews.AnalysisSingleStep), uid: Uid);
        review["request"]!["object"]!["metadata"]!["labels"] = new JsonObject { ["x"] = "MARK" };
        var body = review.ToJsonString().Replace("MARK", "\\uD800", StringComparison.Ordinal);

        var response = Reviews.Response(await ReviewBody("/validate", body));

        Assert.Equal((false, 400), (response["allowed"]!.GetValue<bool>(), response["status"]!["code"]!.GetValue<int>()));
        Assert.Equal("request.object cannot be read: a string at metadata.labels.x holds an unpaired UTF-16 surrogate escape", response["status"]!["message"]!.GetValue<string>());
    }

    [SharedDataFact]
    public async Task An_unpaired_surrogate_escape_in_a_deployment_never_fails_the_mutation()
    {
        var deployment = Reviews.RecordedDeployment();
        deployment["metadata"]!["annotations"] = new JsonObject { ["x"] = "MARK" };
        deployment["spec"]!["template"]!["metadata"]!["labels"]!["y"] = "MARK";
        var body = Reviews.Review(deployment).ToJsonString().Replace("MARK", "\\uD800", StringComparison.Ordinal);

        var response = Reviews.Response(await ReviewBody("/mutate", body));

        Assert.True(response["allowed"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_body_over_3_MiB_is_an_http_400()
    {
        var review = Reviews.Review(Reviews.Canary(Reviews.AnalysisSingleStep));
        review["request"]!["object"]!["metadata"]!["annotations"] = new JsonObject { ["padding"] = new string('x', 3 * 1024 * 1024) };

        await AssertBadRequest("/validate", Encoding.UTF8.GetBytes(review.ToJsonString()), "the body is larger than 3 MiB");
    }

    [Fact]
    public async Task Objects_nested_too_deeply_are_denied_with_CG0008()
    {
        var canary = Reviews.Canary(Reviews.AnalysisSingleStep);
        canary["spec"]!["deep"] = "MARK";
        var nested = string.Concat(Enumerable.Repeat("{\"a\":", 100)) + "1" + new string('}', 100);
        var body = Reviews.Review(canary).ToJsonString().Replace("\"MARK\"", nested, StringComparison.Ordinal);

        var response = Reviews.Response(await ReviewBody("/validate", body));

        Assert.Equal((false, 400), (response["allowed"]!.GetValue<bool>(), response["status"]!["code"]!.GetValue<int>()));
        Assert.StartsWith("CG0008: request.object refused as unsafe to process: nesting deeper than 64 levels at spec.deep.a.a.", response["status"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    /// <summary>The object: 90,000 labels in 1.3 MB, under the API server's limits, 20 times that as a manifest tree.</summary>
    [Fact]
    public async Task Objects_of_too_many_values_are_denied_with_CG0008_whatever_denyAt_says()
    {
        var canary = Reviews.Canary(Reviews.AnalysisSingleStep);
        var labels = new JsonObject();
        for (var i = 0; i < 90_000; i++)
        {
            labels[$"l{i}"] = "v";
        }

        canary["metadata"]!["labels"] = labels;

        var response = Reviews.Response(await Webhook.ReviewAsync("/validate", Reviews.Review(canary)));

        Assert.Equal((false, 400), (response["allowed"]!.GetValue<bool>(), response["status"]!["code"]!.GetValue<int>()));
        Assert.StartsWith("CG0008: request.object refused as unsafe to process: more than 20000 values (the last at metadata.labels.l", response["status"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Admission_paths_are_not_served_on_the_plain_http_port()
    {
        var (status, _) = await Webhook.GetHealthAsync("/validate");

        Assert.Equal(HttpStatusCode.NotFound, status);
    }

    /// <summary>A review of the recorded-style Canary (or <paramref name="obj"/>) with one request field replaced by raw JSON.</summary>
    private async Task<JsonObject> ReviewWith(string path, string field, JsonObject? obj = null)
    {
        var review = Reviews.Review(obj ?? Reviews.Canary(Reviews.AnalysisSingleStep), uid: Uid);
        var name = field.Trim()[1..field.Trim().IndexOf('"', 1)];
        review["request"]!.AsObject().Remove(name);
        var text = review.ToJsonString();
        var body = string.Concat(text.AsSpan(0, text.Length - 2), ",", field, "}}");
        return Reviews.Response(await ReviewBody(path, body));
    }

    private async Task<JsonObject> ReviewBody(string path, string body)
    {
        using var response = await Webhook.PostAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"HTTP {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
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
