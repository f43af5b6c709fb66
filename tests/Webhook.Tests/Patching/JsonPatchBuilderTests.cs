using System.Text.Json.Nodes;
using CanaryGuard.Webhook.Patching;
using CanaryGuard.Webhook.Tests.Infrastructure;

namespace CanaryGuard.Webhook.Tests.Patching;

public sealed class JsonPatchBuilderTests
{
    [Theory]
    [InlineData("sidecar.istio.io/inject", "sidecar.istio.io~1inject")]
    [InlineData("a~b", "a~0b")]
    [InlineData("~1", "~01")]
    [InlineData("/~", "~1~0")]
    [InlineData("", "")]
    public void Escape_encodes_tilde_before_slash(string segment, string escaped)
    {
        Assert.Equal(escaped, JsonPatchBuilder.Escape(segment));
        Assert.Equal([segment], Rfc6902.Parse("/" + escaped));
    }

    [Fact]
    public void Setting_under_missing_maps_adds_the_outermost_missing_map_with_the_rest_inside()
    {
        var builder = new JsonPatchBuilder(JsonNode.Parse("""{"spec": {"template": {}}}"""));

        Assert.True(builder.Set(["spec", "template", "metadata", "labels", "sidecar.istio.io/inject"], JsonValue.Create("true")));

        var operation = Assert.Single(builder.Operations);
        Assert.Equal("add", operation.Op);
        Assert.Equal("/spec/template/metadata", operation.Path);
        Assert.Equal("""{"labels":{"sidecar.istio.io/inject":"true"}}""", operation.Value!.ToJsonString());
        Assert.Equal("""[{"op":"add","path":"/spec/template/metadata","value":{"labels":{"sidecar.istio.io/inject":"true"}}}]""", System.Text.Encoding.UTF8.GetString(builder.ToJson()));
    }

    [Fact]
    public void Setting_into_an_existing_map_adds_only_the_member_with_an_escaped_pointer()
    {
        var builder = new JsonPatchBuilder(JsonNode.Parse("""{"metadata": {"labels": {"app": "web"}}}"""));

        builder.Set(["metadata", "labels", "sidecar.istio.io/inject"], JsonValue.Create("true"));

        Assert.Equal("/metadata/labels/sidecar.istio.io~1inject", Assert.Single(builder.Operations).Path);
    }

    [Fact]
    public void A_value_already_there_emits_nothing_and_a_different_one_is_replaced_by_add()
    {
        var builder = new JsonPatchBuilder(JsonNode.Parse("""{"a": {"same": "x", "other": "y"}}"""));

        Assert.False(builder.Set(["a", "same"], JsonValue.Create("x")));
        Assert.True(builder.Set(["a", "other"], JsonValue.Create("z")));

        Assert.Equal("""{"a":{"same":"x","other":"z"}}""", Rfc6902.Apply(JsonNode.Parse("""{"a": {"same": "x", "other": "y"}}"""), Patch(builder))!.ToJsonString());
    }

    [Fact]
    public void Two_values_under_one_missing_map_do_not_overwrite_each_other()
    {
        var document = JsonNode.Parse("""{"metadata": {}}""");
        var builder = new JsonPatchBuilder(document);

        builder.Set(["metadata", "annotations", "one"], JsonValue.Create("1"));
        builder.Set(["metadata", "annotations", "two"], JsonValue.Create("2"));

        Assert.Equal(2, builder.Operations.Count);
        Assert.Equal("""{"metadata":{"annotations":{"one":"1","two":"2"}}}""", Rfc6902.Apply(document, Patch(builder))!.ToJsonString());
        Assert.Equal(builder.Result!.ToJsonString(), Rfc6902.Apply(document, Patch(builder))!.ToJsonString());
    }

    [Fact]
    public void A_null_parent_is_replaced_by_a_map()
    {
        var document = JsonNode.Parse("""{"metadata": {"labels": null}}""");
        var builder = new JsonPatchBuilder(document);

        builder.Set(["metadata", "labels", "a"], JsonValue.Create("b"));

        Assert.Equal("""{"metadata":{"labels":{"a":"b"}}}""", Rfc6902.Apply(document, Patch(builder))!.ToJsonString());
    }

    [Fact]
    public void Paths_through_scalars_or_the_whole_document_are_refused()
    {
        var builder = new JsonPatchBuilder(JsonNode.Parse("""{"metadata": {"labels": "oops"}}"""));

        Assert.Throws<ArgumentException>(() => builder.Set(["metadata", "labels", "a"], JsonValue.Create("b")));
        Assert.Throws<ArgumentException>(() => builder.Set([], JsonValue.Create("b")));
        Assert.Empty(builder.Operations);
    }

    [Fact]
    public void The_builder_does_not_change_the_document_it_was_given()
    {
        var document = JsonNode.Parse("""{"a": {}}""");

        new JsonPatchBuilder(document).Set(["a", "b"], JsonValue.Create(1));

        Assert.Equal("""{"a":{}}""", document!.ToJsonString());
    }

    private static JsonArray Patch(JsonPatchBuilder builder) => JsonNode.Parse(builder.ToJson())!.AsArray();
}
