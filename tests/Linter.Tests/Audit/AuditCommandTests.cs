using System.Globalization;
using System.Text;
using System.Text.Json;
using CanaryGuard.Linter.Tests.Contract;
using CanaryGuard.Linter.Tests.Reports;
using CanaryGuard.Tests.Shared;
using CanaryGuard.Webhook.Tests.Kubernetes;
using Xunit.Abstractions;

namespace CanaryGuard.Linter.Tests.Audit;

/// <summary>
/// <c>canaryguard audit</c>, the built tool as a process, against a fake API server over HTTPS that serves a small
/// realistic namespace: lists paged two items at a time (so every list follows <c>continue</c>), a 410 Gone on the
/// first stale <c>continue</c> of the Deployments, and a 403 on Services. The kubeconfig's user is an exec
/// credential plugin, a shell script that prints a fresh ExecCredential (token-1, token-2, …) valid for one second.
/// </summary>
public sealed class AuditCommandTests(ITestOutputHelper output) : IAsyncLifetime, IDisposable
{
    private const string Namespace = "shop";

    private readonly TempFolder folder = new();
    private FakeApiServer api = null!;

    public async Task InitializeAsync()
    {
        api = await FakeApiServer.StartAsync();
        api.MaxPageSize = 2;
        api.Put("/api/v1/namespaces/shop", """{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"shop","uid":"0b6c","resourceVersion":"11","labels":{"kubernetes.io/metadata.name":"shop","istio-injection":"enabled"}},"spec":{"finalizers":["kubernetes"]},"status":{"phase":"Active"}}""");
        foreach (var name in new[] { "cart", "payments", "search", "web" })
        {
            api.Put(ApiObjects.DeploymentPath(Namespace, name), ApiObjects.Deployment(Namespace, name));
        }

        // All traffic in one step (CG1005, CG1006, CG1008) and a target that is not there (CG2001).
        api.Put(ApiObjects.CanaryPath(Namespace, "checkout"), """
            {"apiVersion":"flagger.app/v1beta1","kind":"Canary","metadata":{"name":"checkout","namespace":"shop","uid":"c1","resourceVersion":"77","generation":1},
             "spec":{"targetRef":{"apiVersion":"apps/v1","kind":"Deployment","name":"checkout"},"progressDeadlineSeconds":600,"service":{"port":9898},
              "analysis":{"interval":"1m","threshold":5,"stepWeight":100,"metrics":[
                {"name":"request-success-rate","thresholdRange":{"min":99},"interval":"1m"},
                {"name":"request-duration","thresholdRange":{"max":500},"interval":"1m"}],
               "webhooks":[{"name":"load-test","url":"http://flagger-loadtester.test/","timeout":"5s","metadata":{"cmd":"hey -z 1m -q 10 -c 2 http://checkout-canary.shop/"}}]}},
             "status":{"phase":"Initializing"}}
            """);
        api.FailNext(r => r.Path.EndsWith("/deployments", StringComparison.Ordinal) && r.Query.Contains("continue=", StringComparison.Ordinal),
            FakeResponse.Failure(410, "Expired", "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter."));
        api.Intercept = r => r.Path.EndsWith("/services", StringComparison.Ordinal)
            ? FakeResponse.Failure(403, "Forbidden", "services is forbidden: User \"jane\" cannot list resource \"services\" in API group \"\" in the namespace \"shop\"")
            : null;
    }

    public async Task DisposeAsync() => await api.DisposeAsync();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void Audit_reports_each_finding_at_its_object_and_field_and_never_an_error_on_what_it_could_not_read()
    {
        var kubeconfig = WriteKubeconfig();

        var run = BuiltTool.Run(["audit", "--kubeconfig", kubeconfig, "--namespace", Namespace], folder.Path);

        output.WriteLine(run.ToString());
        Assert.True(run.ExitCode == 1, run.ToString());
        var lines = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("notice: not read: services in shop: 403 Forbidden; what rests on it is unproven", lines);
        Assert.Contains(lines, l => l.StartsWith("shop/Canary/checkout:spec.targetRef.name: error CG2001: targetRef names Deployment 'checkout', which does not exist in namespace 'shop'", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("shop/Canary/checkout:spec.analysis.stepWeight: warning CG1005: ", StringComparison.Ordinal));
        // Nothing rests on the Services as an error: the 403 made them unreadable, not absent.
        Assert.DoesNotContain(lines, l => l.Contains(": error ", StringComparison.Ordinal) && l.Contains("Service", StringComparison.Ordinal));
        Assert.Matches(@"^\d+ errors?, \d+ warnings?, \d+ info in 6 objects$", lines[^1]);
        Assert.Contains("canaryguard: auditing namespace shop (1/1)", run.Error, StringComparison.Ordinal);

        // The Deployments' list restarted after the 410 and read all four, two a page.
        var deploymentLists = api.Requests.Where(r => r.Path == "/apis/apps/v1/namespaces/shop/deployments").Select(r => r.Query.Contains("continue=", StringComparison.Ordinal)).ToList();
        Assert.Equal([false, true, false, true], deploymentLists);
        Assert.DoesNotContain(lines, l => l.Contains("Deployment/cart", StringComparison.Ordinal) && l.Contains("CG2001", StringComparison.Ordinal));
    }

    [Fact]
    public void The_exec_plugin_token_is_sent_and_run_again_once_it_expires()
    {
        var kubeconfig = WriteKubeconfig();

        var run = BuiltTool.Run(["audit", "--kubeconfig", kubeconfig, "--namespace", Namespace, "--format", "json"], folder.Path);

        Assert.True(run.ExitCode == 1, run.ToString());
        var tokens = api.Requests.Select(r => r.Header("Authorization")).ToList();
        Assert.All(tokens, t => Assert.Matches("^Bearer token-[0-9]+$", t));
        // Each credential was valid for one second, less than the client's 30 s margin: every request ran the plugin
        // again, so the tokens only grow and end with the last one the plugin printed.
        var numbers = tokens.Select(t => int.Parse(t!["Bearer token-".Length..], CultureInfo.InvariantCulture)).ToList();
        Assert.True(numbers.Distinct().Count() > 1, string.Join(", ", tokens));
        Assert.Equal(numbers.Order(), numbers);
        Assert.Equal(int.Parse(File.ReadAllText(Path.Combine(folder.Path, "plugin-runs")).Trim(), CultureInfo.InvariantCulture), numbers[^1]);
        using var report = JsonDocument.Parse(run.Output);
        Assert.Contains(report.RootElement.GetProperty("diagnostics").EnumerateArray(), d => d.GetProperty("id").GetString() == "CG2001");
    }

    [SharedDataFact]
    public void The_policyreport_format_is_one_valid_PolicyReport_for_the_namespace()
    {
        var kubeconfig = WriteKubeconfig();
        var reportPath = Path.Combine(folder.Path, "report.yaml");

        var run = BuiltTool.Run(["audit", "--kubeconfig", kubeconfig, "-n", Namespace, "--format", $"policyreport={reportPath}", "--format", "text"], folder.Path);

        Assert.True(run.ExitCode == 1, run.ToString());
        SchemaValidator.AssertValid(SchemaValidator.PolicyReportCrds, reportPath);
        var yaml = File.ReadAllText(reportPath);
        Assert.Contains("namespace: \"shop\"", yaml, StringComparison.Ordinal);
        Assert.Contains("policy: \"CG2001\"", yaml, StringComparison.Ordinal);
    }

    [Fact]
    public void All_namespaces_with_a_selector_report_only_on_the_selected_objects_and_read_the_rest_as_context()
    {
        var kubeconfig = WriteKubeconfig();

        var run = BuiltTool.Run(["audit", "--kubeconfig", kubeconfig, "-A", "-l", "app=cart"], folder.Path);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.EndsWith("0 errors, 0 warnings, 0 info in 1 object\n", run.Output, StringComparison.Ordinal);
        Assert.Contains("canaryguard: auditing namespace shop (1/1)", run.Error, StringComparison.Ordinal);
        // Every kind was still read whole, and the selector asked of the API server for the names it selects.
        Assert.Contains(api.Requests, r => r.Path == "/apis/flagger.app/v1beta1/namespaces/shop/canaries" && !r.Query.Contains("labelSelector", StringComparison.Ordinal));
        Assert.Contains(api.Requests, r => r.Path == "/apis/apps/v1/namespaces/shop/deployments" && r.Query.Contains("labelSelector=app%3Dcart", StringComparison.Ordinal));
    }

    [Fact]
    public void A_kubeconfig_that_cannot_be_read_is_exit_code_2_with_the_reason()
    {
        var run = BuiltTool.Run(["audit", "--kubeconfig", Path.Combine(folder.Path, "missing"), "-n", Namespace], folder.Path);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Matches(@"^canaryguard: cannot connect to the cluster: .*missing: no kubeconfig: .*missing not found \(--kubeconfig names one\)\n$", run.Error);
        Assert.Empty(api.Requests);
    }

    [Fact]
    public void A_namespace_that_does_not_exist_fails_the_run_rather_than_passing_it()
    {
        var kubeconfig = WriteKubeconfig();

        var run = BuiltTool.Run(["audit", "--kubeconfig", kubeconfig, "-n", "shpo"], folder.Path);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("Failed: no namespace shpo in https://127.0.0.1:", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Namespace_and_all_namespaces_together_are_a_usage_error()
    {
        var run = BuiltTool.Run(["audit", "-n", Namespace, "-A"], folder.Path);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("--namespace and --all-namespaces: give one or the other", run.Error, StringComparison.Ordinal);
    }

    /// <summary>
    /// A kubeconfig whose user is an exec plugin: a shell script that counts its runs and prints an ExecCredential
    /// with token-N, expiring one second later.
    /// </summary>
    private string WriteKubeconfig()
    {
        var plugin = folder.Write("credential-plugin.sh", $$$"""
            #!/bin/sh
            runs=$(cat "{{{folder.Path}}}/plugin-runs" 2>/dev/null || echo 0)
            runs=$((runs + 1))
            echo "$runs" > "{{{folder.Path}}}/plugin-runs"
            expiry=$(date -u -d '+1 second' +%Y-%m-%dT%H:%M:%SZ)
            printf '{"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","status":{"token":"token-%s","expirationTimestamp":"%s"}}\n' "$runs" "$expiry"
            """);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(plugin, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var ca = Convert.ToBase64String(Encoding.UTF8.GetBytes(api.Certificate.ExportCertificatePem()));
        return folder.Write("kubeconfig", $"""
            apiVersion: v1
            kind: Config
            current-context: lab
            contexts:
              - name: lab
                context: {"{"}cluster: lab, user: eks-user{"}"}
            clusters:
              - name: lab
                cluster:
                  server: {api.Uri}
                  certificate-authority-data: {ca}
            users:
              - name: eks-user
                user:
                  exec:
                    apiVersion: client.authentication.k8s.io/v1beta1
                    command: {plugin}
                    interactiveMode: Never
            """);
    }
}
