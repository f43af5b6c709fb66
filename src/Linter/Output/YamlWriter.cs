using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace CanaryGuard.Linter.Output;

/// <summary>
/// Scalars for YAML output. Every string value is double-quoted, so no value can be read back as another type
/// (YAML 1.1 turns a plain <c>yes</c>, <c>on</c> or <c>1.10</c> into a bool or a number); keys are plain.
/// </summary>
internal sealed class YamlWriter(IEmitter emitter)
{
    public void Key(string key) => emitter.Emit(new Scalar(null, null, key, ScalarStyle.Any, isPlainImplicit: true, isQuotedImplicit: true));

    public void Pair(string key, string value)
    {
        Key(key);
        emitter.Emit(new Scalar(null, null, value, ScalarStyle.DoubleQuoted, isPlainImplicit: false, isQuotedImplicit: true));
    }

    public void Pair(string key, int value)
    {
        Key(key);
        emitter.Emit(new Scalar(null, null, value.ToString(CultureInfo.InvariantCulture), ScalarStyle.Plain, isPlainImplicit: true, isQuotedImplicit: false));
    }

    public void Pair(string key, bool value)
    {
        Key(key);
        emitter.Emit(new Scalar(null, null, value ? "true" : "false", ScalarStyle.Plain, isPlainImplicit: true, isQuotedImplicit: false));
    }

    /// <summary>
    /// A JSON object as one YAML document, in the same style: block mappings and sequences, strings double-quoted,
    /// numbers and booleans plain.
    /// </summary>
    public void Document(JsonObject root)
    {
        emitter.Emit(new DocumentStart(null, null, isImplicit: false));
        Node(root);
        emitter.Emit(new DocumentEnd(isImplicit: true));
    }

    private void Node(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject mapping:
                emitter.Emit(new MappingStart());
                foreach (var (key, value) in mapping)
                {
                    Key(key);
                    Node(value);
                }

                emitter.Emit(new MappingEnd());
                break;
            case JsonArray sequence:
                emitter.Emit(new SequenceStart(null, null, isImplicit: true, SequenceStyle.Block));
                foreach (var item in sequence)
                {
                    Node(item);
                }

                emitter.Emit(new SequenceEnd());
                break;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                emitter.Emit(new Scalar(null, null, value.GetValue<string>(), ScalarStyle.DoubleQuoted, isPlainImplicit: false, isQuotedImplicit: true));
                break;
            default:
                emitter.Emit(new Scalar(null, null, node?.ToJsonString() ?? "null", ScalarStyle.Plain, isPlainImplicit: true, isQuotedImplicit: false));
                break;
        }
    }
}
