using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using CanaryGuard.Rules.Engine;

namespace CanaryGuard.Linter.Output;

/// <summary>
/// <c>--format json</c>: a stable, documented shape (docs/json-output.md). Suppressed findings are included,
/// marked, with their justification, and not counted in the summary.
/// </summary>
/// <remarks>
/// Written field by field, not through a serializer: with the encoder below, the serializer cannot take its
/// source-generated fast path, and its metadata and converters cost two thirds of the time a large lint spends
/// writing its report, which no core can share (docs/performance.md). The shape is the serializer's: camelCase
/// names, nulls left out, two-space indentation.
/// </remarks>
internal sealed class JsonReportWriter : IReportWriter
{
    public const int SchemaVersion = 1;

    /// <summary>
    /// Messages quote field names ('stepWeight'); the default encoder would write them as \u0027. The report is
    /// data for tools, never embedded in HTML, so only what JSON requires is escaped.
    /// </summary>
    private static readonly JsonWriterOptions Options = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// The report goes out in pieces of about this size: a report of thousands of findings written whole would be
    /// megabytes of fresh memory twice over (its bytes and its text), and on a VM every fresh page is a fault.
    /// </summary>
    private const int PieceBytes = 32 * 1024;

    public void Write(LintReport report, TextWriter output)
    {
        using var piece = new ReportPiece(output);
        using (var json = new Utf8JsonWriter(piece.Buffer, Options))
        {
            json.WriteStartObject();
            json.WriteNumber("schemaVersion", SchemaVersion);
            json.WriteStartObject("tool");
            json.WriteString("name", "canaryguard");
            json.WriteString("version", ToolVersion.Current);
            json.WriteEndObject();
            json.WriteStartObject("summary");
            json.WriteNumber("errors", report.Errors);
            json.WriteNumber("warnings", report.Warnings);
            json.WriteNumber("info", report.Infos);
            json.WriteNumber("suppressed", report.Suppressed);
            json.WriteNumber("files", report.Result.FileCount);
            json.WriteNumber("resources", report.Result.ResourceCount);
            json.WriteEndObject();
            json.WriteStartArray("diagnostics");
            foreach (var diagnostic in report.Result.Diagnostics)
            {
                if (diagnostic.Severity >= DiagnosticSeverity.Info)
                {
                    WriteDiagnostic(json, diagnostic);
                    if (json.BytesPending + piece.Buffer.WrittenCount >= PieceBytes)
                    {
                        json.Flush();
                        piece.Send(last: false);
                    }
                }
            }

            json.WriteEndArray();
            json.WriteStartArray("notices");
            foreach (var notice in report.Notices)
            {
                json.WriteStringValue(notice);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        piece.Send(last: true);
        output.WriteLine();
    }

    private static void WriteDiagnostic(Utf8JsonWriter json, Diagnostic d)
    {
        json.WriteStartObject();
        json.WriteString("id", d.Id);
        json.WriteString("severity", d.Severity.ToText());
        json.WriteString("category", d.Descriptor.Category);
        json.WriteString("title", d.Descriptor.Title);
        json.WriteString("message", d.Message);
        json.WriteString("file", d.File);
        if (d.Span is { } span)
        {
            json.WriteNumber("line", span.StartLine);
            json.WriteNumber("column", span.StartColumn);
            json.WriteNumber("endLine", span.EndLine);
            json.WriteNumber("endColumn", span.EndColumn);
        }

        json.WriteString("path", d.Path);
        if (d.Resource is { } resource)
        {
            json.WriteStartObject("resource");
            json.WriteString("apiVersion", resource.ApiVersion);
            json.WriteString("kind", resource.Kind);
            WriteUnlessNull(json, "namespace", resource.Namespace);
            WriteUnlessNull(json, "name", resource.Name);
            json.WriteEndObject();
        }

        json.WriteString("helpUri", d.Descriptor.HelpLink.ToString());
        json.WriteBoolean("suppressed", d.IsSuppressed);
        if (d.Suppression is { } suppression)
        {
            json.WriteStartObject("suppression");
            json.WriteString("kind", suppression.Kind.ToString().ToLowerInvariant());
            WriteUnlessNull(json, "justification", suppression.Justification);
            json.WriteEndObject();
        }

        json.WriteEndObject();
    }

    private static void WriteUnlessNull(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value);
        }
    }

    /// <summary>The bytes written since the last piece went out, and sending them to the text output as text.</summary>
    private sealed class ReportPiece(TextWriter output) : IDisposable
    {
        // A decoder, not a plain conversion: it keeps a character split between two pieces for the next one.
        private readonly Decoder decoder = Encoding.UTF8.GetDecoder();
        private char[] text = ArrayPool<char>.Shared.Rent(PieceBytes);

        public ArrayBufferWriter<byte> Buffer { get; } = new(PieceBytes * 2);

        public void Send(bool last)
        {
            var bytes = Buffer.WrittenSpan;
            // An upper bound that covers a character carried from the last piece: decoding once, not counting first.
            var needed = Encoding.UTF8.GetMaxCharCount(bytes.Length);
            if (text.Length < needed)
            {
                ArrayPool<char>.Shared.Return(text);
                text = ArrayPool<char>.Shared.Rent(needed);
            }

            var length = decoder.GetChars(bytes, text, flush: last);
            output.Write(text, 0, length);
            Buffer.ResetWrittenCount();
        }

        public void Dispose() => ArrayPool<char>.Shared.Return(text);
    }
}
