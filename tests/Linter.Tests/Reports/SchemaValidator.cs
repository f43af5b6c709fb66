using CanaryGuard.Tests.Shared;

namespace CanaryGuard.Linter.Tests.Reports;

/// <summary>
/// Validates report files with ajv (tests/Linter.Tests/schema-validation/validate.js), an implementation
/// independent of the C# that wrote them. .ci/run installs its packages; without them the tests fail, not skip.
/// </summary>
public static class SchemaValidator
{
    public static string Sarif => Path.Combine(RepoPaths.Schemas, "sarif-schema-2.1.0.json");

    public static string PolicyReportCrds => string.Join(',', Path.Combine(RepoPaths.Schemas, "policyreport-v1alpha2.crd.yaml"), Path.Combine(RepoPaths.Schemas, "clusterpolicyreport-v1alpha2.crd.yaml"));

    public static string OpenReportsCrd => Path.Combine(RepoPaths.Schemas, "openreports-report-v1alpha1.crd.yaml");

    /// <summary>Asserts that every document of <paramref name="file"/> is valid against <paramref name="schema"/>.</summary>
    public static void AssertValid(string schema, string file, params string[] kindAliases)
    {
        var result = Validate(schema, file, kindAliases);
        Assert.True(result.ExitCode == 0, $"{file} is not valid against {schema}:\n{result}");
    }

    public static ProcessResult Validate(string schema, string file, params string[] kindAliases)
    {
        var folder = RepoPaths.SchemaValidation;
        Assert.True(
            Directory.Exists(Path.Combine(folder, "node_modules", "ajv")),
            $"the schema validator's packages are not installed: run `npm ci` in {folder} (.ci/run does)");
        var arguments = new List<string> { Path.Combine(folder, "validate.js") };
        foreach (var alias in kindAliases)
        {
            arguments.AddRange(["--kind-alias", alias]);
        }

        arguments.AddRange([schema, file]);
        return ProcessRunner.Run("node", arguments, folder);
    }
}
