using System.Globalization;
using System.Xml;
using CanaryGuard.Rules.Engine;

namespace CanaryGuard.Linter.Output;

/// <summary>
/// <c>--format checkstyle</c>: Checkstyle XML, which Jenkins (warnings-ng), GitLab plugins, reviewdog and most
/// CI dashboards read. One <c>&lt;file&gt;</c> per file with findings; a finding without a source span has no line.
/// </summary>
internal sealed class CheckstyleReportWriter(ReportContext context) : IReportWriter
{
    public void Write(LintReport report, TextWriter output)
    {
        using var xml = XmlReports.CreateWriter(output);
        xml.WriteStartDocument();
        xml.WriteStartElement("checkstyle");
        xml.WriteAttributeString("version", "4.3");
        foreach (var file in report.Result.Reported.GroupBy(d => d.File, StringComparer.Ordinal))
        {
            xml.WriteStartElement("file");
            xml.WriteAttributeString("name", context.RelativePath(file.Key) ?? file.Key);
            foreach (var diagnostic in file)
            {
                xml.WriteStartElement("error");
                if (diagnostic.Span is { } span)
                {
                    xml.WriteAttributeString("line", span.StartLine.ToString(CultureInfo.InvariantCulture));
                    xml.WriteAttributeString("column", span.StartColumn.ToString(CultureInfo.InvariantCulture));
                }

                xml.WriteAttributeString("severity", diagnostic.Severity.ToText());
                xml.WriteAttributeString("message", ReportText.MessageWithResource(diagnostic));
                xml.WriteAttributeString("source", $"canaryguard.{diagnostic.Id}");
                xml.WriteEndElement();
            }

            xml.WriteEndElement();
        }

        xml.WriteEndElement();
        xml.WriteEndDocument();
    }
}

/// <summary>What the XML formats share.</summary>
internal static class XmlReports
{
    public static XmlWriter CreateWriter(TextWriter output) => XmlWriter.Create(output, new XmlWriterSettings
    {
        Indent = true,
        IndentChars = "  ",
        NewLineChars = "\n",
        CloseOutput = false,
        // A message may quote a control character from the input; replacing it beats failing the whole report.
        CheckCharacters = false,
    });
}
