using System.Text.RegularExpressions;
using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Model;

namespace CanaryGuard.Rules.Kustomize;

/// <summary>
/// Builds the kustomizations of a lint as <c>kustomize build</c> would, without running it: every kustomization that
/// no other one includes, from its local resources, bases and components, through its patches and transformers (in
/// kustomize's order). Remote bases, generators, Helm charts and plugins are not made; the build says so. Nothing is
/// read but through <see cref="IKustomizeSource"/>.
/// </summary>
public static class KustomizeBuilder
{
    /// <summary>The names kustomize looks for in a folder, in its order.</summary>
    public static IReadOnlyList<string> FileNames { get; } = ["kustomization.yaml", "kustomization.yml", "Kustomization"];

    // Fields whose objects or changes a build cannot make here: each makes the build incomplete.
    private static readonly (string Field, string What)[] NotBuilt =
    [
        ("configMapGenerator", "configMapGenerator (generated ConfigMaps)"),
        ("secretGenerator", "secretGenerator (generated Secrets)"),
        ("generators", "generator plugins"),
        ("helmCharts", "Helm charts"),
        ("helmChartInflationGenerator", "Helm charts"),
        ("transformers", "transformer plugins"),
        ("validators", "validator plugins"),
        ("replacements", "replacements"),
        ("vars", "vars"),
        ("configurations", "custom transformer configurations (name references of custom kinds)"),
        ("crds", "custom resource definitions for name references"),
    ];

    public static KustomizeResult Build(IReadOnlyList<ManifestFile> lintedFiles, IKustomizeSource source)
    {
        var run = new Run(lintedFiles, source);
        return run.BuildAll();
    }

    private sealed class Run
    {
        private readonly IKustomizeSource source;
        private readonly Dictionary<string, ManifestFile?> files = new(StringComparer.Ordinal);
        private readonly List<ManifestFile> filesRead = [];
        private readonly List<KustomizeProblem> problems = [];
        private readonly HashSet<(string Id, SourceSpan? Span, string Message)> reported = [];
        private readonly HashSet<string> consumed = new(StringComparer.Ordinal);
        private readonly List<string> candidates = [];

        public Run(IReadOnlyList<ManifestFile> lintedFiles, IKustomizeSource source)
        {
            this.source = source;
            var folders = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var file in lintedFiles.Where(f => f.Path != "-"))
            {
                var full = Path.GetFullPath(file.Path);
                files[full] = file;
                folders.Add(Path.GetDirectoryName(full)!);
            }

            // The kustomizations of the linted folders, linted themselves or not (Kustomization has no extension; a
            // pre-commit run passes a patch without its kustomization).
            foreach (var folder in folders)
            {
                try
                {
                    if (KustomizationIn(folder) is { } kustomization)
                    {
                        candidates.Add(kustomization);
                    }
                }
                catch (KustomizeException ambiguous)
                {
                    Report(EngineDiagnostics.KustomizationNotBuilt, ambiguous.Message, ambiguous.At, Path.Combine(folder, FileNames[0]));
                }
            }
        }

        public KustomizeResult BuildAll()
        {
            var included = new HashSet<string>(StringComparer.Ordinal);
            foreach (var candidate in candidates)
            {
                if (RootOf(files[candidate]) is { } root)
                {
                    var folder = Path.GetDirectoryName(candidate)!;
                    foreach (var reference in Strings(root, "resources").Concat(Strings(root, "bases")).Concat(Strings(root, "components")))
                    {
                        if (IncludedKustomization(Resolve(folder, reference.Value)) is { } inner)
                        {
                            included.Add(inner);
                        }
                    }
                }
            }

            var builds = new List<KustomizeBuild>();
            foreach (var root in candidates.Where(c => !included.Contains(c)))
            {
                if (RootOf(files[root]) is { } kustomization && kustomization.String("kind") == "Component")
                {
                    // A component on its own builds nothing: it only changes the kustomizations that list it.
                    consumed.Add(root);
                    consumed.UnionWith(PatchFiles(kustomization).Select(patch => Resolve(Path.GetDirectoryName(root)!, patch)));
                }
                else if (BuildRoot(root) is { } build)
                {
                    builds.Add(build);
                }
            }

            return new KustomizeResult(builds, problems, consumed, filesRead);
        }

        /// <summary>The kustomization a resource or component names; a folder kustomize refuses is reported when built.</summary>
        private string? IncludedKustomization(string fullPath)
        {
            try
            {
                return KustomizationIn(fullPath);
            }
            catch (KustomizeException)
            {
                return null;
            }
        }

        private KustomizeBuild? BuildRoot(string kustomizationPath)
        {
            var file = files[kustomizationPath]!;
            var state = new BuildState();
            try
            {
                var objects = BuildKustomization(kustomizationPath, state, component: false);
                consumed.UnionWith(state.Kustomizations);
                consumed.UnionWith(state.Patches);
                consumed.UnionWith(state.Resources);
                return new KustomizeBuild(
                    Path.GetDirectoryName(file.Path) is { Length: > 0 } folder ? folder : ".",
                    file.Path,
                    [.. objects.Select(o => o.ToResource()).OfType<KubernetesResource>()],
                    state.Unresolved,
                    state.Kustomizations.Concat(state.Patches).Concat(state.Resources).Select(path => files.GetValueOrDefault(path)?.Path).OfType<string>().ToHashSet(StringComparer.Ordinal));
            }
            catch (Exception failure) when (failure is KustomizeException or RegexMatchTimeoutException)
            {
                // The build fails as kustomize's would: its resource files are linted on their own, its patches and
                // kustomizations never as whole objects.
                consumed.UnionWith(state.Kustomizations);
                consumed.UnionWith(state.Patches);
                var (reason, at) = failure is KustomizeException refused
                    ? (refused.Message, refused.At)
                    : ($"the patch target pattern '{((RegexMatchTimeoutException)failure).Pattern}' takes too long to match", NodeOrigin.Of(RootOf(file)!));
                Report(EngineDiagnostics.KustomizationNotBuilt, $"kustomize build {file.Path} fails: {reason}", at, file.Path);
                return null;
            }
        }

        private List<BuiltObject> BuildKustomization(string kustomizationPath, BuildState state, bool component, List<BuiltObject>? into = null)
        {
            var file = files[kustomizationPath]!;
            if (state.Building.Contains(kustomizationPath))
            {
                throw new KustomizeException($"{file.Path} includes itself", default);
            }

            if (RootOf(file) is not { } root)
            {
                throw new KustomizeException($"{file.Path} is not a kustomization (not a YAML mapping)", default);
            }

            var isComponent = root.String("kind") == "Component";
            if (isComponent != component)
            {
                throw KustomizeException.AtNode(root, component ? $"{file.Path} is listed as a component but is not kind: Component" : $"{file.Path} is a Component; list it under components, not resources");
            }

            state.Building.Add(kustomizationPath);
            state.Kustomizations.Add(kustomizationPath);
            var folder = Path.GetDirectoryName(kustomizationPath)!;

            // Known before anything can fail: a patch is never linted as a whole object, even when its build fails.
            state.Patches.UnionWith(PatchFiles(root).Select(patch => Resolve(folder, patch)));
            var objects = into ?? [];
            foreach (var reference in Strings(root, "resources").Concat(Strings(root, "bases")))
            {
                AddResource(folder, reference, objects, state);
            }

            foreach (var (field, what) in NotBuilt)
            {
                if (root.KeyNode(field) is { } key)
                {
                    var reason = $"{file.Path}: {what} are not built by CanaryGuard; the objects they make or change are not linted";
                    state.Unresolved.Add(reason);
                    Report(EngineDiagnostics.KustomizationNotResolved, reason + ", and a reference to them is not proven missing", NodeOrigin.Of(key), file.Path);
                }
            }

            foreach (var reference in Strings(root, "components"))
            {
                var componentFolder = Resolve(folder, reference.Value);
                var kustomization = KustomizationIn(componentFolder)
                    ?? throw KustomizeException.AtNode(reference, $"component {reference.Value} has no kustomization.yaml, kustomization.yml or Kustomization");
                BuildKustomization(kustomization, state, component: true, objects);
            }

            new PatchRun(this, file, folder).Transform(root, objects);
            state.Building.Remove(kustomizationPath);
            return objects;
        }

        private void AddResource(string folder, ScalarNode reference, List<BuiltObject> objects, BuildState state)
        {
            var full = Resolve(folder, reference.Value);
            if (Load(full) is { } resourceFile)
            {
                if (resourceFile.Problems.Count > 0)
                {
                    throw KustomizeException.AtNode(reference, $"resource {reference.Value} is not valid YAML ({resourceFile.Problems[0].Message})");
                }

                state.Resources.Add(full);
                objects.AddRange(KubernetesResource.FromFile(resourceFile).Select(r => new BuiltObject((EditableMapping)EditableNode.From(r.Root), resourceFile)));
            }
            else if (source.DirectoryExists(full))
            {
                var kustomization = KustomizationIn(full)
                    ?? throw KustomizeException.AtNode(reference, $"{reference.Value} is a folder without a kustomization.yaml, kustomization.yml or Kustomization");
                objects.AddRange(BuildKustomization(kustomization, state, component: false));
            }
            else if (IsRemote(reference.Value))
            {
                var reason = $"the remote base {reference.Value} is not fetched; its objects are not linted";
                state.Unresolved.Add(reason);
                Report(EngineDiagnostics.KustomizationNotResolved, reason + ", and a reference to them is not proven missing", NodeOrigin.Of(reference), reference.Span?.File ?? string.Empty);
            }
            else
            {
                throw KustomizeException.AtNode(reference, $"resource {reference.Value} does not exist");
            }
        }

        /// <summary>kustomize's remote targets: URLs and go-getter style repository addresses.</summary>
        private static bool IsRemote(string reference) =>
            reference.Contains("://", StringComparison.Ordinal) || reference.StartsWith("git@", StringComparison.Ordinal)
            || reference.StartsWith("github.com/", StringComparison.Ordinal) || reference.StartsWith("gitlab.com/", StringComparison.Ordinal)
            || reference.StartsWith("bitbucket.org/", StringComparison.Ordinal) || reference.Contains("?ref=", StringComparison.Ordinal);

        /// <summary>The one kustomization file of a folder; kustomize refuses a folder with more than one.</summary>
        private string? KustomizationIn(string folder)
        {
            var found = FileNames.Select(name => Path.Combine(folder, name))
                .Where(path => Load(path) is { } file && (RootOf(file) is not { } root || IsKustomization(root)))
                .ToList();
            return found.Count switch
            {
                0 => null,
                1 => found[0],
                _ => throw new KustomizeException($"{folder} has more than one kustomization file ({string.Join(", ", found.Select(Path.GetFileName))}); kustomize refuses it", default),
            };
        }

        /// <summary>A file by full path: a linted one, or read through the source once.</summary>
        public ManifestFile? Load(string fullPath)
        {
            if (!files.TryGetValue(fullPath, out var file))
            {
                file = source.ReadFile(fullPath);
                files[fullPath] = file;
                if (file is not null)
                {
                    filesRead.Add(file);
                }
            }

            return file;
        }

        public void Report(DiagnosticDescriptor descriptor, string message, NodeOrigin at, string fallbackFile)
        {
            var span = at.Location;
            if (reported.Add((descriptor.Id, span, message)))
            {
                problems.Add(new KustomizeProblem(descriptor, message, span?.File ?? fallbackFile, span));
            }
        }
    }

    /// <summary>The patch files a kustomization names (not its inline patches).</summary>
    private static IEnumerable<string> PatchFiles(MappingNode root) =>
        Strings(root, "patchesStrategicMerge").Where(entry => !entry.Value.Contains('\n', StringComparison.Ordinal)).Select(entry => entry.Value)
            .Concat((root.Sequence("patches")?.Items ?? default).Concat(root.Sequence("patchesJson6902")?.Items ?? default)
                .OfType<MappingNode>().Select(entry => entry.String("path")).OfType<string>());

    /// <summary>
    /// The full path a kustomization's reference names. A NUL, which YAML can escape but no path holds, becomes a
    /// character no file is named with, so the reference is reported as missing instead of failing the run.
    /// </summary>
    private static string Resolve(string folder, string reference) =>
        Path.GetFullPath(Path.Combine(folder, reference.Replace('\0', '\uFFFD')));

    /// <summary>
    /// A kustomize kustomization or component; a file of that name holding something else (a Flux
    /// <c>kustomize.toolkit.fluxcd.io</c> Kustomization) is an ordinary manifest.
    /// </summary>
    private static bool IsKustomization(MappingNode root) =>
        root.String("apiVersion") is not { } apiVersion || apiVersion.StartsWith("kustomize.config.k8s.io/", StringComparison.Ordinal);

    private static MappingNode? RootOf(ManifestFile? kustomization) =>
        kustomization is { Documents.Count: > 0 } ? kustomization.Documents[0].Root as MappingNode : null;

    internal static IEnumerable<ScalarNode> Strings(MappingNode root, string field) =>
        root.Sequence(field)?.Items.OfType<ScalarNode>().Where(s => !s.IsNull) ?? [];

    /// <summary>What one top-level build read and could not make.</summary>
    private sealed class BuildState
    {
        public HashSet<string> Building { get; } = new(StringComparer.Ordinal);

        public HashSet<string> Kustomizations { get; } = new(StringComparer.Ordinal);

        public HashSet<string> Patches { get; } = new(StringComparer.Ordinal);

        public HashSet<string> Resources { get; } = new(StringComparer.Ordinal);

        public List<string> Unresolved { get; } = [];
    }

    /// <summary>The patches and transformers of one kustomization, in kustomize's order.</summary>
    private sealed class PatchRun(Run run, ManifestFile kustomization, string folder)
    {
        public void Transform(MappingNode root, List<BuiltObject> objects)
        {
            foreach (var entry in root.Sequence("patchesStrategicMerge")?.Items ?? default)
            {
                foreach (var patch in Patch(entry as ScalarNode ?? throw KustomizeException.AtNode(entry, "a patchesStrategicMerge entry is a file name or an inline patch")))
                {
                    StrategicMerge(objects, patch, target: null);
                }
            }

            foreach (var entry in root.Sequence("patches")?.Items ?? default)
            {
                ApplyPatch(objects, entry as MappingNode ?? throw KustomizeException.AtNode(entry, "a patches entry is a mapping with path or patch, and target"), jsonOnly: false);
            }

            if (root.Scalar("namespace") is { IsNull: false, Value.Length: > 0 } ns)
            {
                KustomizeTransformers.SetNamespace(objects, ns);
            }

            var prefix = root.String("namePrefix") ?? string.Empty;
            var suffix = root.String("nameSuffix") ?? string.Empty;
            if (prefix.Length + suffix.Length > 0)
            {
                KustomizeTransformers.Rename(objects, prefix, suffix);
            }

            foreach (var label in root.Sequence("labels")?.Items.OfType<MappingNode>() ?? [])
            {
                if (label.Mapping("pairs") is { } pairs)
                {
                    KustomizeTransformers.AddLabels(objects, pairs, IsTrue(label, "includeSelectors"), IsTrue(label, "includeTemplates"));
                }
            }

            if (root.Mapping("commonLabels") is { } commonLabels)
            {
                KustomizeTransformers.AddLabels(objects, commonLabels, selectors: true, templates: true);
            }

            if (root.Mapping("commonAnnotations") is { } commonAnnotations)
            {
                KustomizeTransformers.AddAnnotations(objects, commonAnnotations);
            }

            foreach (var entry in root.Sequence("patchesJson6902")?.Items ?? default)
            {
                ApplyPatch(objects, entry as MappingNode ?? throw KustomizeException.AtNode(entry, "a patchesJson6902 entry is a mapping with target and path or patch"), jsonOnly: true);
            }

            foreach (var replica in root.Sequence("replicas")?.Items.OfType<MappingNode>() ?? [])
            {
                KustomizeTransformers.SetReplicas(objects, replica);
            }
        }

        private static bool IsTrue(MappingNode mapping, string key) => mapping.Scalar(key)?.TryGetBool(out var value) == true && value;

        private void ApplyPatch(List<BuiltObject> objects, MappingNode entry, bool jsonOnly)
        {
            var reference = entry.Scalar("path") ?? entry.Scalar("patch") ?? throw KustomizeException.AtNode(entry, "a patch needs a path or an inline patch");
            var target = entry["target"] is { } targetNode ? PatchTarget.Read(targetNode) : null;
            foreach (var patch in Patch(reference, inline: entry.Scalar("patch") is not null))
            {
                if (patch is SequenceNode operations)
                {
                    if (target is null)
                    {
                        throw KustomizeException.AtNode(reference, "a JSON patch needs a target");
                    }

                    foreach (var selected in objects.Where(target.Matches))
                    {
                        JsonPatch.Apply(selected.Root, operations);
                    }
                }
                else if (jsonOnly)
                {
                    throw KustomizeException.AtNode(reference, "a patchesJson6902 patch must be a list of operations");
                }
                else if (patch is MappingNode mapping)
                {
                    StrategicMerge(objects, mapping, target);
                }
            }
        }

        private static void StrategicMerge(List<BuiltObject> objects, ManifestNode patchNode, PatchTarget? target)
        {
            if (patchNode is not MappingNode patchRoot)
            {
                throw KustomizeException.AtNode(patchNode, "a strategic merge patch must be a mapping");
            }

            var patch = (EditableMapping)EditableNode.From(patchRoot);
            List<BuiltObject> selected;
            if (target is null)
            {
                selected = [.. objects.Where(o => IsPatchedBy(o, patch))];
                if (selected.Count == 0)
                {
                    throw KustomizeException.AtNode(patchRoot, $"the patch of {patch.String("kind")} {patch.Mapping("metadata")?.String("name")} matches no object of the build");
                }
            }
            else
            {
                // A patch with a target changes the selected objects, never their identity.
                patch.Remove("apiVersion");
                patch.Remove("kind");
                patch.Mapping("metadata")?.Remove("name");
                patch.Mapping("metadata")?.Remove("namespace");
                selected = [.. objects.Where(target.Matches)];
            }

            foreach (var built in selected)
            {
                if (StrategicMergePatch.Apply(built.Root, patch) is { } merged)
                {
                    built.Root = merged;
                }
                else
                {
                    objects.Remove(built);
                }
            }
        }

        /// <summary>A patch without a target applies to the object of its group, kind, name and namespace.</summary>
        private static bool IsPatchedBy(BuiltObject built, EditableMapping patch)
        {
            var metadata = patch.Mapping("metadata");
            return built.Kind == patch.String("kind")
                && built.GroupVersion.Group == BuiltObject.Split(patch.String("apiVersion")).Group
                && metadata?.String("name") is { } name && built.Names.Contains(name)
                && EffectiveNamespace(built.Namespace) == EffectiveNamespace(metadata.String("namespace"));
        }

        private static string EffectiveNamespace(string? ns) => string.IsNullOrEmpty(ns) ? "default" : ns;

        /// <summary>The documents of a patch: a file next to the kustomization, or an inline patch written in it.</summary>
        private IEnumerable<ManifestNode> Patch(ScalarNode reference, bool? inline = null)
        {
            // A patchesStrategicMerge entry is inline when it holds YAML rather than a file name.
            if (inline ?? reference.Value.Contains('\n', StringComparison.Ordinal))
            {
                var parsed = YamlManifestReader.Read(kustomization.Path, reference.Value);
                if (parsed.Problems.Count > 0)
                {
                    throw KustomizeException.AtNode(reference, $"the inline patch is not valid YAML ({parsed.Problems[0].Message})");
                }

                // Its nodes point at their lines inside a literal block; where the block's lines cannot be matched to
                // the file's (a folded or quoted patch), they all point at the inline patch.
                var origin = NodeOrigin.Of(reference);
                return parsed.Documents.Select(d => d.Root).OfType<ManifestNode>()
                    .Select(node => (node.Lines is { } patchLines ? InlinePatchPositions.Of(reference, patchLines) : null) is { } positions
                        ? Relocated(EditableNode.From(node), positions)
                        : At(EditableNode.From(node), origin))
                    .Select(node => node.ToManifest(string.Empty))
                    .ToList();
            }

            var full = Resolve(folder, reference.Value);
            var file = run.Load(full) ?? throw KustomizeException.AtNode(reference, $"patch file {reference.Value} does not exist");
            if (file.Problems.Count > 0)
            {
                throw KustomizeException.AtNode(reference, $"patch file {reference.Value} is not valid YAML ({file.Problems[0].Message})");
            }

            return file.Documents.Select(d => d.Root).OfType<ManifestNode>().ToList();
        }

        private static EditableNode At(EditableNode node, NodeOrigin origin) => WithOrigins(node, _ => origin);

        private static EditableNode Relocated(EditableNode node, InlinePatchPositions positions) => WithOrigins(node, positions.Relocate);

        private static EditableNode WithOrigins(EditableNode node, Func<NodeOrigin, NodeOrigin> origin)
        {
            node.Origin = origin(node.Origin);
            foreach (var child in node switch
            {
                EditableMapping mapping => mapping.Entries.Select(e => e.Value),
                EditableSequence sequence => sequence.Items,
                _ => [],
            })
            {
                WithOrigins(child, origin);
            }

            return node;
        }
    }
}
