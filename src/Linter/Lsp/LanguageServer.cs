using System.Text.Json;
using CanaryGuard.Linter.Lsp.JsonRpc;
using CanaryGuard.Linter.Lsp.Protocol;
using CanaryGuard.Rules.Engine;

namespace CanaryGuard.Linter.Lsp;

/// <summary>
/// <c>canaryguard lsp</c>: the LSP 3.17 lifecycle and the text document methods over a <see cref="JsonRpcConnection"/>.
/// Notifications change the <see cref="LspWorkspace"/> under one lock; a background loop analyses once the changes
/// pause for <see cref="Debounce"/> and publishes the diagnostics of every open document (and of any policy file with
/// problems). Requests that need findings (code actions, hover) analyse first if the last analysis is out of date, so
/// they always answer about the text the client sent last.
/// </summary>
internal sealed class LanguageServer : IJsonRpcTarget, IDisposable
{
    /// <summary>How long the text must stay unchanged before an analysis runs: a typing burst is analysed once.</summary>
    public static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(15);

    /// <summary>What the server reads from disk: manifests, policies, kustomizations (whose name may have no extension).</summary>
    private static readonly FileWatcher[] WatchedFiles =
    [
        new("**/*.{yaml,yml,json}"),
        new("**/.canaryguard.yaml"),
        new("**/{kustomization,Kustomization}"),
    ];

    private readonly Lock gate = new();
    private readonly JsonRpcConnection connection;
    private readonly TextWriter log;
    private readonly LspAnalyzer analyzer = new(AnalysisEngine.CreateDefault());
    private readonly SemaphoreSlim analysisGate = new(1, 1);
    private readonly SemaphoreSlim changes = new(0);
    private readonly TaskCompletionSource<int> exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly HashSet<string> policyUrisWithProblems = new(StringComparer.Ordinal);
    private LifecycleState state = LifecycleState.NotInitialized;
    private LspWorkspace? workspace;
    private PositionEncodingKind encoding = PositionEncodingKind.Utf16;
    private bool registersWatchedFiles;
    private bool canCreateFiles;
    private LspAnalysis? latest;

    public LanguageServer(JsonRpcConnection connection, TextWriter log)
    {
        this.connection = connection;
        this.log = log;
    }

    private enum LifecycleState
    {
        NotInitialized,
        Initialized,
        ShutDown,
    }

    /// <summary>Completes on the exit notification with the process's exit code: 0 after shutdown, 1 without.</summary>
    public Task<int> Exited => exited.Task;

    public bool IsShutDown => state == LifecycleState.ShutDown;

    public void Dispose()
    {
        analysisGate.Dispose();
        changes.Dispose();
    }

    public async Task<RpcResult> HandleRequestAsync(string method, JsonElement parameters, CancellationToken cancellationToken)
    {
        if (state == LifecycleState.NotInitialized && method != "initialize")
        {
            throw new JsonRpcException(JsonRpcErrorCodes.ServerNotInitialized, $"{method}: the server is not initialized yet (send initialize first)");
        }

        if (state == LifecycleState.ShutDown)
        {
            throw new JsonRpcException(JsonRpcErrorCodes.InvalidRequest, $"{method}: the server is shut down (only exit is left)");
        }

        switch (method)
        {
            case "initialize":
                if (state != LifecycleState.NotInitialized)
                {
                    throw new JsonRpcException(JsonRpcErrorCodes.InvalidRequest, "initialize was already sent");
                }

                return RpcResult.Of(Initialize(Read(parameters, LspJsonContext.Default.InitializeParams)), LspJsonContext.Default.InitializeResult);
            case "shutdown":
                state = LifecycleState.ShutDown;
                return RpcResult.Null;
            case "textDocument/codeAction":
            {
                var request = Read(parameters, LspJsonContext.Default.CodeActionParams);
                var analysis = await CurrentAnalysisAsync(cancellationToken).ConfigureAwait(false);
                IReadOnlyList<CodeAction> actions = DocumentOf(analysis, request.TextDocument.Uri) is { } document
                    ? new LspCodeActions(encoding, path => UriOf(analysis, path), canCreateFiles).For(analysis, document, request.Range, request.Context)
                    : [];
                return RpcResult.Of(actions, LspJsonContext.Default.IReadOnlyListCodeAction);
            }

            case "textDocument/hover":
            {
                var request = Read(parameters, LspJsonContext.Default.TextDocumentPositionParams);
                var analysis = await CurrentAnalysisAsync(cancellationToken).ConfigureAwait(false);
                var hover = DocumentOf(analysis, request.TextDocument.Uri) is { } document ? new LspHover(encoding).At(analysis, document, request.Position) : null;
                return hover is null ? RpcResult.Null : RpcResult.Of(hover, LspJsonContext.Default.Hover);
            }

            case "textDocument/completion":
            {
                var request = Read(parameters, LspJsonContext.Default.TextDocumentPositionParams);
                OpenDocument? document;
                lock (gate)
                {
                    document = workspace!.Find(PathOf(request.TextDocument.Uri) ?? string.Empty);
                }

                var list = document is null ? new CompletionList(false, []) : new LspCompletion(analyzer.Engine, encoding).At(document, request.Position);
                return RpcResult.Of(list, LspJsonContext.Default.CompletionList);
            }

            default:
                throw new JsonRpcException(JsonRpcErrorCodes.MethodNotFound, $"{method}: not a method this server has");
        }
    }

    public void HandleNotification(string method, JsonElement parameters)
    {
        if (method == "exit")
        {
            exited.TrySetResult(state == LifecycleState.ShutDown ? 0 : 1);
            return;
        }

        // Before initialize every notification but exit is dropped (LSP 3.17, initialize); after shutdown too.
        if (state != LifecycleState.Initialized)
        {
            return;
        }

        switch (method)
        {
            case "initialized" when registersWatchedFiles:
                // Clients that watch files only when asked (Neovim 0.9+, Helix) are asked for what the server reads.
                connection.Request(
                    "client/registerCapability",
                    new RegistrationParams([new Registration("canaryguard-watched-files", "workspace/didChangeWatchedFiles", new DidChangeWatchedFilesRegistrationOptions(WatchedFiles))]),
                    LspJsonContext.Default.RegistrationParams);
                break;
            case "textDocument/didOpen":
            {
                var document = Read(parameters, LspJsonContext.Default.DidOpenTextDocumentParams).TextDocument;
                Change(document.Uri, (w, path) => w.Open(document.Uri, path, document.Version, document.Text));
                break;
            }

            case "textDocument/didChange":
            {
                var change = Read(parameters, LspJsonContext.Default.DidChangeTextDocumentParams);
                Change(change.TextDocument.Uri, (w, path) =>
                {
                    if (w.Find(path) is { } open)
                    {
                        w.Change(path, change.TextDocument.Version ?? open.Version + 1, Apply(open.Text, change.ContentChanges));
                    }
                });
                break;
            }

            case "textDocument/didClose":
            {
                var uri = Read(parameters, LspJsonContext.Default.DidCloseTextDocumentParams).TextDocument.Uri;
                Change(uri, (w, path) => w.Close(path));
                connection.Notify("textDocument/publishDiagnostics", new PublishDiagnosticsParams(uri, null, []), LspJsonContext.Default.PublishDiagnosticsParams);
                break;
            }

            case "textDocument/didSave":
                // The buffer is already what the server analyses; a save changes nothing it reads.
                break;
            case "workspace/didChangeWatchedFiles":
                foreach (var change in Read(parameters, LspJsonContext.Default.DidChangeWatchedFilesParams).Changes)
                {
                    // An open buffer stands for its file whatever happens on disk, until it is closed.
                    Change(change.Uri, (w, path) =>
                    {
                        if (w.Find(path) is null)
                        {
                            w.FileChangedOnDisk(path, deleted: change.Type == FileChangeType.Deleted);
                        }
                    });
                }

                break;
        }
    }

    private static T Read<T>(JsonElement parameters, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo) =>
        parameters.ValueKind == JsonValueKind.Undefined
            ? throw new JsonRpcException(JsonRpcErrorCodes.InvalidParams, "params are missing")
            : parameters.Deserialize(typeInfo) ?? throw new JsonRpcException(JsonRpcErrorCodes.InvalidParams, "params are null");

    private InitializeResult Initialize(InitializeParams parameters)
    {
        var root = RootOf(parameters);
        if (root is not null)
        {
            // lint in the workspace folder is what the server reproduces: paths, policies and kustomize builds are
            // all worked out from the current folder, as they are for `canaryguard lint .` run there.
            Directory.SetCurrentDirectory(root);
        }

        var offered = parameters.Capabilities?.General?.PositionEncodings ?? parameters.Capabilities?.OffsetEncoding;
        registersWatchedFiles = parameters.Capabilities?.Workspace?.DidChangeWatchedFiles?.DynamicRegistration == true;
        canCreateFiles = parameters.Capabilities?.Workspace?.WorkspaceEdit is { DocumentChanges: true, ResourceOperations: { } operations } && operations.Contains("create");
        encoding = TextPositions.Negotiate(offered);
        var loaded = new LspWorkspace(root, analyzer.Engine.KnownIds);
        foreach (var error in loaded.Load())
        {
            log.WriteLine($"canaryguard lsp: {error}");
        }

        lock (gate)
        {
            workspace = loaded;
            state = LifecycleState.Initialized;
        }

        _ = Task.Run(AnalysisLoopAsync);
        var name = TextPositions.Name(encoding);
        return new InitializeResult(
            new ServerCapabilities
            {
                PositionEncoding = name,
                TextDocumentSync = new TextDocumentSyncOptions(OpenClose: true, Change: 1, new SaveOptions(IncludeText: false)),
                CodeActionProvider = new CodeActionOptions([CodeActionKinds.QuickFix, CodeActionKinds.SourceFixAllCanaryGuard]),
                CompletionProvider = new CompletionOptions([" ", ",", "-"]),
            },
            new ServerInfo("canaryguard", ToolVersion.Current))
        {
            OffsetEncoding = parameters.Capabilities?.OffsetEncoding is null ? null : name,
        };
    }

    private static string? RootOf(InitializeParams parameters)
    {
        var uri = parameters.WorkspaceFolders is [var first, ..] ? first.Uri : parameters.RootUri;
        var root = uri is not null ? FilePathOf(uri) : parameters.RootPath;
        return root is not null && Directory.Exists(root) ? Path.GetFullPath(root) : null;
    }

    /// <summary>The local path of a file URI; null for other schemes (an unsaved buffer), which are not analysed.</summary>
    private static string? FilePathOf(string uri) =>
        Uri.TryCreate(uri, UriKind.Absolute, out var parsed) && parsed.IsFile ? parsed.LocalPath : null;

    private static string? PathOf(string uri) => FilePathOf(uri) is { } full ? LspWorkspace.PathOf(full) : null;

    private void Change(string uri, Action<LspWorkspace, string> change)
    {
        lock (gate)
        {
            if (PathOf(uri) is not { } path)
            {
                return;
            }

            change(workspace!, path);
        }

        changes.Release();
    }

    /// <summary>Full sync replaces the text; a client that sends ranges anyway has them applied in order.</summary>
    private string Apply(string text, IReadOnlyList<TextDocumentContentChangeEvent> contentChanges)
    {
        foreach (var change in contentChanges)
        {
            if (change.Range is not { } range)
            {
                text = change.Text;
                continue;
            }

            var positions = new TextPositions(text, encoding);
            var start = positions.OffsetOf(range.Start);
            var end = Math.Max(start, positions.OffsetOf(range.End));
            text = string.Concat(text.AsSpan(0, start), change.Text, text.AsSpan(end));
        }

        return text;
    }

    private static OpenDocument? DocumentOf(LspAnalysis analysis, string uri) =>
        analysis.Snapshot.Open.FirstOrDefault(d => d.Uri == uri);

    private static string UriOf(LspAnalysis analysis, string path) =>
        analysis.Snapshot.Open.FirstOrDefault(d => d.Path == path)?.Uri ?? new Uri(Path.GetFullPath(path)).AbsoluteUri;

    private async Task AnalysisLoopAsync()
    {
        while (true)
        {
            await changes.WaitAsync().ConfigureAwait(false);
            do
            {
                while (changes.Wait(0))
                {
                }

                await Task.Delay(Debounce).ConfigureAwait(false);
            }
            while (changes.CurrentCount > 0);

            try
            {
                await CurrentAnalysisAsync(CancellationToken.None).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // The loop must outlive one failed analysis: it is logged, the next change tries again.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                log.WriteLine($"canaryguard lsp: analysis failed: {exception}");
            }
        }
    }

    /// <summary>The analysis of the text as it is now: the last one when nothing changed since, else a new one, published.</summary>
    private async Task<LspAnalysis> CurrentAnalysisAsync(CancellationToken cancellationToken)
    {
        await analysisGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            WorkspaceSnapshot snapshot;
            lock (gate)
            {
                if (latest is not null && latest.Generation == workspace!.Generation)
                {
                    return latest;
                }

                snapshot = workspace!.Snapshot();
            }

            cancellationToken.ThrowIfCancellationRequested();
            var analysis = analyzer.Analyze(snapshot);
            latest = analysis;
            Publish(analysis);
            return analysis;
        }
        finally
        {
            analysisGate.Release();
        }
    }

    /// <summary>Finds another file of a related location: its URI and its text (the buffer, or the disk) for positions.</summary>
    private Func<string, (string Uri, TextPositions Positions)?> Locator(LspAnalysis analysis) => path =>
        analysis.Snapshot.ReadText(Path.GetFullPath(path)) is { } text ? (UriOf(analysis, path), new TextPositions(text, encoding)) : null;

    private void Publish(LspAnalysis analysis)
    {
        var published = new HashSet<string>(StringComparer.Ordinal);
        foreach (var document in analysis.Snapshot.Open)
        {
            bool stillOpen;
            lock (gate)
            {
                stillOpen = workspace!.Find(document.Path)?.Uri == document.Uri;
            }

            if (stillOpen)
            {
                var positions = new TextPositions(document.Text, encoding);
                var diagnostics = analysis.Of(document.Path).Select(d => DiagnosticConverter.ToLsp(d, positions, Locator(analysis))).ToList();
                connection.Notify("textDocument/publishDiagnostics", new PublishDiagnosticsParams(document.Uri, document.Version, diagnostics), LspJsonContext.Default.PublishDiagnosticsParams);
                published.Add(document.Uri);
            }
        }

        // A policy file's problems show on it whether it is open or not; once fixed, they are cleared.
        var withProblems = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (path, findings) in analysis.ByFile)
        {
            var uri = UriOf(analysis, path);
            if (!LspWorkspace.IsPolicyFile(path) || published.Contains(uri) || findings.Count == 0)
            {
                continue;
            }

            var positions = new TextPositions(analysis.Snapshot.ReadText(Path.GetFullPath(path)) ?? string.Empty, encoding);
            connection.Notify("textDocument/publishDiagnostics", new PublishDiagnosticsParams(uri, null, [.. findings.Select(d => DiagnosticConverter.ToLsp(d, positions))]), LspJsonContext.Default.PublishDiagnosticsParams);
            withProblems.Add(uri);
        }

        foreach (var uri in policyUrisWithProblems.Except(withProblems).Except(published).ToList())
        {
            connection.Notify("textDocument/publishDiagnostics", new PublishDiagnosticsParams(uri, null, []), LspJsonContext.Default.PublishDiagnosticsParams);
        }

        policyUrisWithProblems.Clear();
        policyUrisWithProblems.UnionWith(withProblems);
    }
}
