using CanaryGuard.Linter.Tests.Reports;

namespace CanaryGuard.Webhook.Tests.Audit;

/// <summary>Objects and checks the audit tests share.</summary>
internal static class AuditObjects
{
    /// <summary>All traffic in one step (CG1005, CG1006, CG1008), and a target that does not exist (CG2001).</summary>
    public const string UnsafeCanary = """
        {"apiVersion":"flagger.app/v1beta1","kind":"Canary","metadata":{"name":"checkout","namespace":"shop","uid":"c1","resourceVersion":"77"},
         "spec":{"targetRef":{"apiVersion":"apps/v1","kind":"Deployment","name":"checkout"},"service":{"port":9898},
          "analysis":{"interval":"1m","threshold":5,"stepWeight":100,"metrics":[
            {"name":"request-success-rate","thresholdRange":{"min":99},"interval":"1m"},
            {"name":"request-duration","thresholdRange":{"max":500},"interval":"1m"}]}}}
        """;

    public static void AssertValidPolicyReport(string file) => SchemaValidator.AssertValid(SchemaValidator.PolicyReportCrds, file);
}
