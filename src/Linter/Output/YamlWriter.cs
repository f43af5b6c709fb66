using System.Globalization;
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
}
