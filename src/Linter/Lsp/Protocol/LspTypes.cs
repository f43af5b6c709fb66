using System.Text.Json.Serialization;

namespace CanaryGuard.Linter.Lsp.Protocol;

// The parts of LSP 3.17 the server reads and writes, as the specification names them (camelCase on the wire).
// Properties a client may leave out are nullable; what the server leaves out is null and not written.

internal sealed record Position(int Line, int Character);

internal sealed record LspRange(Position Start, Position End);

internal sealed record Location(string Uri, LspRange Range);

internal sealed record WorkspaceFolder(string Uri, string? Name);

internal sealed record InitializeParams
{
    public int? ProcessId { get; init; }

    public string? RootUri { get; init; }

    public string? RootPath { get; init; }

    public IReadOnlyList<WorkspaceFolder>? WorkspaceFolders { get; init; }

    public ClientCapabilities? Capabilities { get; init; }
}

internal sealed record ClientCapabilities
{
    public GeneralClientCapabilities? General { get; init; }

    /// <summary>The encodings clients offered before 3.17 (clangd's extension; Neovim 0.7 sends it).</summary>
    public IReadOnlyList<string>? OffsetEncoding { get; init; }

    public WorkspaceClientCapabilities? Workspace { get; init; }
}

internal sealed record WorkspaceClientCapabilities(DynamicRegistrationCapability? DidChangeWatchedFiles, WorkspaceEditCapability? WorkspaceEdit);

/// <summary>Whether the client applies documentChanges, and which file operations (create) among them.</summary>
internal sealed record WorkspaceEditCapability(bool? DocumentChanges, IReadOnlyList<string>? ResourceOperations);

internal sealed record DynamicRegistrationCapability(bool? DynamicRegistration);

internal sealed record GeneralClientCapabilities(IReadOnlyList<string>? PositionEncodings);

internal sealed record InitializeResult(ServerCapabilities Capabilities, ServerInfo ServerInfo)
{
    /// <summary>The pre-3.17 answer to <see cref="ClientCapabilities.OffsetEncoding"/>; null when it was not asked.</summary>
    public string? OffsetEncoding { get; init; }
}

internal sealed record ServerInfo(string Name, string Version);

internal sealed record ServerCapabilities
{
    public required string PositionEncoding { get; init; }

    public required TextDocumentSyncOptions TextDocumentSync { get; init; }

    public required CodeActionOptions CodeActionProvider { get; init; }

    public bool HoverProvider { get; init; } = true;

    public required CompletionOptions CompletionProvider { get; init; }
}

internal sealed record TextDocumentSyncOptions(bool OpenClose, int Change, SaveOptions Save);

internal sealed record SaveOptions(bool IncludeText);

internal sealed record CodeActionOptions(IReadOnlyList<string> CodeActionKinds);

internal sealed record CompletionOptions(IReadOnlyList<string> TriggerCharacters);

internal sealed record TextDocumentIdentifier(string Uri);

internal sealed record TextDocumentItem(string Uri, string LanguageId, int Version, string Text);

internal sealed record VersionedTextDocumentIdentifier(string Uri, int? Version);

internal sealed record DidOpenTextDocumentParams(TextDocumentItem TextDocument);

internal sealed record TextDocumentContentChangeEvent(LspRange? Range, string Text);

internal sealed record DidChangeTextDocumentParams(VersionedTextDocumentIdentifier TextDocument, IReadOnlyList<TextDocumentContentChangeEvent> ContentChanges);

internal sealed record DidCloseTextDocumentParams(TextDocumentIdentifier TextDocument);

internal sealed record DidSaveTextDocumentParams(TextDocumentIdentifier TextDocument);

internal sealed record FileEvent(string Uri, int Type);

internal sealed record DidChangeWatchedFilesParams(IReadOnlyList<FileEvent> Changes);

/// <summary>FileEvent.Type: created (1) and changed (2) are handled alike, as a file to read again.</summary>
internal static class FileChangeType
{
    public const int Deleted = 3;
}

internal sealed record PublishDiagnosticsParams(string Uri, int? Version, IReadOnlyList<LspDiagnostic> Diagnostics);

internal sealed record LspDiagnostic
{
    public required LspRange Range { get; init; }

    public required int Severity { get; init; }

    public required string Code { get; init; }

    public CodeDescription? CodeDescription { get; init; }

    public string Source { get; init; } = "canaryguard";

    public required string Message { get; init; }

    public IReadOnlyList<int>? Tags { get; init; }

    public IReadOnlyList<DiagnosticRelatedInformation>? RelatedInformation { get; init; }
}

internal sealed record CodeDescription(string Href);

internal sealed record DiagnosticRelatedInformation(Location Location, string Message);

internal static class LspSeverity
{
    public const int Error = 1;
    public const int Warning = 2;
    public const int Information = 3;
    public const int Hint = 4;
}

internal static class LspDiagnosticTag
{
    public const int Deprecated = 2;
}

internal sealed record CodeActionParams(TextDocumentIdentifier TextDocument, LspRange Range, CodeActionContext Context);

internal sealed record CodeActionContext(IReadOnlyList<SentDiagnostic>? Diagnostics, IReadOnlyList<string>? Only);

/// <summary>A diagnostic as a client sends it back in a code action's context: only what identifies it is read (the code may be a number).</summary>
internal sealed record SentDiagnostic(LspRange Range, System.Text.Json.JsonElement Code);

internal sealed record CodeAction
{
    public required string Title { get; init; }

    public required string Kind { get; init; }

    public IReadOnlyList<LspDiagnostic>? Diagnostics { get; init; }

    public bool? IsPreferred { get; init; }

    public required WorkspaceEdit Edit { get; init; }
}

/// <summary>Edits by URI (<see cref="Changes"/>), or, when a file is created, the operations in order (<see cref="DocumentChanges"/>).</summary>
internal sealed record WorkspaceEdit
{
    public IReadOnlyDictionary<string, IReadOnlyList<LspTextEdit>>? Changes { get; init; }

    /// <summary>CreateFile and TextDocumentEdit objects: LSP tells them apart by the create's <c>kind</c>, not by a type tag.</summary>
    public IReadOnlyList<System.Text.Json.Nodes.JsonNode>? DocumentChanges { get; init; }
}

internal sealed record CreateFile(string Kind, string Uri, CreateFileOptions Options);

internal sealed record CreateFileOptions(bool IgnoreIfExists);

internal sealed record TextDocumentEdit(OptionalVersionedTextDocumentIdentifier TextDocument, IReadOnlyList<LspTextEdit> Edits);

/// <summary>A document by URI; the version is null (written as null): the edit is for the file as the fix read it.</summary>
internal sealed record OptionalVersionedTextDocumentIdentifier(string Uri)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public int? Version { get; init; }
}

internal sealed record LspTextEdit(LspRange Range, string NewText);

internal static class CodeActionKinds
{
    public const string QuickFix = "quickfix";
    public const string SourceFixAllCanaryGuard = "source.fixAll.canaryguard";
}

internal sealed record TextDocumentPositionParams(TextDocumentIdentifier TextDocument, Position Position);

internal sealed record Hover(MarkupContent Contents, LspRange? Range);

internal sealed record MarkupContent(string Kind, string Value)
{
    public static MarkupContent Markdown(string value) => new("markdown", value);
}

internal sealed record CompletionList(bool IsIncomplete, IReadOnlyList<CompletionItem> Items);

internal sealed record CompletionItem
{
    public required string Label { get; init; }

    public int Kind { get; init; }

    public string? Detail { get; init; }

    public MarkupContent? Documentation { get; init; }

    public string? InsertText { get; init; }
}

internal static class CompletionItemKind
{
    public const int Field = 5;
    public const int Value = 12;
}

internal sealed record RegistrationParams(IReadOnlyList<Registration> Registrations);

internal sealed record Registration(string Id, string Method, DidChangeWatchedFilesRegistrationOptions RegisterOptions);

internal sealed record DidChangeWatchedFilesRegistrationOptions(IReadOnlyList<FileWatcher> Watchers);

/// <summary>LSP's FileSystemWatcher (a glob the client watches), named apart from System.IO's.</summary>
internal sealed record FileWatcher(string GlobPattern);

/// <summary>The source-generated serializers of every type above (NativeAOT: no reflection).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    PropertyNameCaseInsensitive = false)]
[JsonSerializable(typeof(InitializeParams))]
[JsonSerializable(typeof(InitializeResult))]
[JsonSerializable(typeof(DidOpenTextDocumentParams))]
[JsonSerializable(typeof(DidChangeTextDocumentParams))]
[JsonSerializable(typeof(DidCloseTextDocumentParams))]
[JsonSerializable(typeof(DidSaveTextDocumentParams))]
[JsonSerializable(typeof(DidChangeWatchedFilesParams))]
[JsonSerializable(typeof(PublishDiagnosticsParams))]
[JsonSerializable(typeof(CodeActionParams))]
[JsonSerializable(typeof(IReadOnlyList<CodeAction>))]
[JsonSerializable(typeof(TextDocumentPositionParams))]
[JsonSerializable(typeof(Hover))]
[JsonSerializable(typeof(CompletionList))]
[JsonSerializable(typeof(RegistrationParams))]
[JsonSerializable(typeof(CreateFile))]
[JsonSerializable(typeof(TextDocumentEdit))]
internal sealed partial class LspJsonContext : JsonSerializerContext;
