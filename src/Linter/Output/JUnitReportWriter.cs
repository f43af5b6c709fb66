using System.Globalization;
using System.Text;
using System.Xml;
using CanaryGuard.Rules.Engine;

namespace CanaryGuard.Linter.Output;

/// <summary>
/// <c>--format junit</c>: JUnit XML for CI systems that show test results (GitLab, Jenkins, Azure Pipelines,
/// CircleCI). Each linted file is a test suite; each finding a test case, failed for errors and warnings and
/// passed (with the message as output) for info; a file without findings has one passing case.
/// </summary>
internal sealed class JUnitReportWriter(ReportContext context) : IReportWriter
{
    public void Write(LintReport report, TextWriter output)
    {
        var reported = report.Result.Reported.ToLookup(d => d.File, StringComparer.Ordinal);
        var files = context.Files.Concat(reported.Select(g => g.Key)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var failures = report.Errors + report.Warnings;
        var tests = files.Sum(f => Math.Max(1, reported[f].Count()));

        using var xml = XmlReports.CreateWriter(output);
        xml.WriteStartDocument();
        xml.WriteStartElement("testsuites");
        xml.WriteAttributeString("name", "canaryguard");
        WriteCounts(xml, tests, failures);
        foreach (var file in files)
        {
            var name = context.RelativePath(file) ?? "(standard input)";
            var findings = reported[file].ToList();
            xml.WriteStartElement("testsuite");
            xml.WriteAttributeString("name", name);
            WriteCounts(xml, Math.Max(1, findings.Count), findings.Count(d => d.Severity > DiagnosticSeverity.Info));
            if (findings.Count == 0)
            {
                xml.WriteStartElement("testcase");
                xml.WriteAttributeString("name", "no findings");
                xml.WriteAttributeString("classname", name);
                xml.WriteEndElement();
            }

            foreach (var diagnostic in findings)
            {
                WriteCase(xml, name, diagnostic);
            }

            xml.WriteEndElement();
        }

        xml.WriteEndElement();
        xml.WriteEndDocument();
    }

    private static void WriteCounts(XmlWriter xml, int tests, int failures)
    {
        xml.WriteAttributeString("tests", tests.ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("failures", failures.ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("errors", "0");
        xml.WriteAttributeString("skipped", "0");
    }

    private static void WriteCase(XmlWriter xml, string file, Diagnostic diagnostic)
    {
        var where = diagnostic.Span is { } span ? string.Create(CultureInfo.InvariantCulture, $"({span.StartLine},{span.StartColumn})") : string.Empty;
        var details = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"{file}{where}: {diagnostic.Severity.ToText()} {diagnostic.Id}: {ReportText.MessageWithResource(diagnostic)}\n")
            .Append(CultureInfo.InvariantCulture, $"{diagnostic.Descriptor.Title}. See {diagnostic.Descriptor.HelpLink}");
        xml.WriteStartElement("testcase");
        xml.WriteAttributeString("name", $"{diagnostic.Id} {diagnostic.Resource?.ToString() ?? file} {diagnostic.Path}".TrimEnd() + where);
        xml.WriteAttributeString("classname", file);
        if (diagnostic.Severity > DiagnosticSeverity.Info)
        {
            xml.WriteStartElement("failure");
            xml.WriteAttributeString("type", diagnostic.Id);
            xml.WriteAttributeString("message", diagnostic.Message);
            xml.WriteString(details.ToString());
            xml.WriteEndElement();
        }
        else
        {
            xml.WriteElementString("system-out", details.ToString());
        }

        xml.WriteEndElement();
    }
}
