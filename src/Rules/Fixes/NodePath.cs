using System.Globalization;
using System.Text;
using CanaryGuard.Rules.Model;

namespace CanaryGuard.Rules.Fixes;

/// <summary>
/// Finds a node by the path a diagnostic carries (<c>spec.analysis.metrics[1].thresholdRange.max</c>,
/// <c>metadata.labels["sidecar.istio.io/inject"]</c>), the inverse of <see cref="ManifestNode.ChildPath"/> and
/// <see cref="ManifestNode.ItemPath"/>.
/// </summary>
public static class NodePath
{
    /// <summary>The nodes from <paramref name="root"/> down to the one at <paramref name="path"/>; null when a step is missing.</summary>
    public static IReadOnlyList<ManifestNode>? Resolve(ManifestNode root, string path)
    {
        var chain = new List<ManifestNode> { root };
        var current = root;
        var i = 0;
        while (i < path.Length)
        {
            ManifestNode? next;
            if (path[i] == '.')
            {
                i++;
                continue;
            }

            if (path[i] == '[' && i + 1 < path.Length && path[i + 1] == '"')
            {
                var key = new StringBuilder();
                i += 2;
                while (i < path.Length && path[i] != '"')
                {
                    if (path[i] == '\\' && i + 1 < path.Length)
                    {
                        i++;
                    }

                    key.Append(path[i++]);
                }

                i += 2; // the closing quote and bracket
                next = (current as MappingNode)?[key.ToString()];
            }
            else if (path[i] == '[')
            {
                var close = path.IndexOf(']', i);
                if (close < 0 || !int.TryParse(path.AsSpan(i + 1, close - i - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                {
                    return null;
                }

                i = close + 1;
                next = current is SequenceNode sequence && index < sequence.Count ? sequence.Items[index] : null;
            }
            else
            {
                var stop = i;
                while (stop < path.Length && path[stop] is not ('.' or '['))
                {
                    stop++;
                }

                next = (current as MappingNode)?[path[i..stop]];
                i = stop;
            }

            if (next is null)
            {
                return null;
            }

            chain.Add(next);
            current = next;
        }

        return chain;
    }
}
