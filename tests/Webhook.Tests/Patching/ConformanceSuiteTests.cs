using System.Text.Json;
using System.Text.Json.Nodes;
using CanaryGuard.Webhook.Patching;
using CanaryGuard.Webhook.Tests.Infrastructure;
using CanaryGuard.Tests.Shared;

namespace CanaryGuard.Webhook.Tests.Patching;

/// <summary>
/// The RFC 6902 conformance suite (json-patch-tests): first it qualifies the test applier (every enabled case,
/// all operations, errors included), then the builder must reproduce every case made only of the operation it
/// emits, <c>add</c> of an object member, re-emitted through the builder and applied by that applier.
/// </summary>
public sealed class ConformanceSuiteTests
{
    public static TheoryData<string, int> Cases()
    {
        var data = new TheoryData<string, int>();
        foreach (var file in new[] { "tests.json", "spec_tests.json" })
        {
            var count = JsonDocument.Parse(File.ReadAllText(SharedData.Path("json-patch-tests", file))).RootElement.GetArrayLength();
            for (var i = 0; i < count; i++)
            {
                data.Add(file, i);
            }
        }

        return data;
    }

    [SharedDataFact]
    public void The_suite_has_cases_for_the_builder()
    {
        var builderCases = Cases().Count(c => Load((string)c[0], (int)c[1]) is { } test && EmitsOnlyMemberAdds(test));
        Assert.True(builderCases >= 20, $"only {builderCases} member-add cases found");
    }

    [SharedDataTheory]
    [MemberData(nameof(Cases))]
    public void The_test_applier_passes_the_case(string file, int index)
    {
        if (Load(file, index) is not { } test)
        {
            return;
        }

        var patch = test["patch"]!.AsArray();
        if (test.ContainsKey("error"))
        {
            Assert.ThrowsAny<Exception>(() => Rfc6902.Apply(test["doc"], patch));
            return;
        }

        var result = Rfc6902.Apply(test["doc"], patch);
        if (test.TryGetPropertyValue("expected", out var expected))
        {
            Assert.True(JsonNode.DeepEquals(expected, result), $"{test["comment"]}: got {result?.ToJsonString()}");
        }
    }

    [SharedDataTheory]
    [MemberData(nameof(Cases))]
    public void The_builder_reproduces_each_member_add_case(string file, int index)
    {
        if (Load(file, index) is not { } test || !EmitsOnlyMemberAdds(test))
        {
            return;
        }

        var builder = new JsonPatchBuilder(test["doc"]);
        foreach (var operation in test["patch"]!.AsArray())
        {
            builder.Set(Rfc6902.Parse(operation!["path"]!.GetValue<string>()), operation["value"]);
        }

        var emitted = JsonNode.Parse(builder.ToJson())!.AsArray();
        Assert.True(emitted.Count <= test["patch"]!.AsArray().Count);
        var result = Rfc6902.Apply(test["doc"], emitted);
        var expected = test["expected"] ?? Rfc6902.Apply(test["doc"], test["patch"]!.AsArray());
        Assert.True(JsonNode.DeepEquals(expected, result), $"{test["comment"]}: got {result?.ToJsonString()}");
    }

    /// <summary>The case, or null when the suite marks it disabled.</summary>
    private static JsonObject? Load(string file, int index)
    {
        var element = JsonDocument.Parse(File.ReadAllText(SharedData.Path("json-patch-tests", file))).RootElement[index];
        return element.TryGetProperty("disabled", out var disabled) && disabled.GetBoolean()
            ? null
            : JsonNode.Parse(element.GetRawText())!.AsObject();
    }

    /// <summary>A valid case of adds that each set a member of an existing object (what the builder emits).</summary>
    private static bool EmitsOnlyMemberAdds(JsonObject test)
    {
        if (test.ContainsKey("error") || test["doc"] is null)
        {
            return false;
        }

        var document = test["doc"]!.DeepClone();
        foreach (var operation in test["patch"]!.AsArray())
        {
            if (operation!["op"]?.GetValue<string>() != "add" || operation["path"]?.GetValue<string>() is not { Length: > 0 } path)
            {
                return false;
            }

            if (Parent(document, Rfc6902.Parse(path)) is not JsonObject)
            {
                return false;
            }

            document = Rfc6902.Apply(document, [operation.DeepClone()]);
        }

        return true;
    }

    private static JsonNode? Parent(JsonNode? document, IReadOnlyList<string> segments)
    {
        var current = document;
        foreach (var segment in segments.Take(segments.Count - 1))
        {
            current = current switch
            {
                JsonObject map => map[segment],
                JsonArray array when int.TryParse(segment, out var i) && i < array.Count => array[i],
                _ => null,
            };
        }

        return current;
    }
}
