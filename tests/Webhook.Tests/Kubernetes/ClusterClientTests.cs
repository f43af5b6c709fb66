using System.Text;
using System.Text.Json;
using CanaryGuard.Cluster;

namespace CanaryGuard.Webhook.Tests.Kubernetes;

public sealed class ClusterClientTests : IAsyncLifetime
{
    private FakeApiServer server = null!;

    public async Task InitializeAsync()
    {
        server = await FakeApiServer.StartAsync();
        server.ExpectedToken = "test-token";
    }

    public async Task DisposeAsync() => await server.DisposeAsync();

    [Fact]
    public async Task GetDeployment_SendsTheExactRequest_AndReturnsTheObject()
    {
        server.Put(ApiObjects.DeploymentPath("shop", "web"), ApiObjects.Deployment("shop", "web"));
        using var client = new ClusterClient(server.Config());

        using var deployment = await client.GetDeploymentAsync("shop", "web", CancellationToken.None);

        Assert.Equal("6f1c7c55-1f0e-4b8e-9a51-0d7a2b9f3c11", deployment!.RootElement.GetProperty("metadata").GetProperty("uid").GetString());
        var request = Assert.Single(server.Requests);
        Assert.Equal("GET", request.Method);
        Assert.Equal("/apis/apps/v1/namespaces/shop/deployments/web", request.Path);
        Assert.Equal(string.Empty, request.Query);
        Assert.Equal("Bearer test-token", request.Header("Authorization"));
        Assert.Equal("application/json", request.Header("Accept"));
        Assert.StartsWith("canaryguard/", request.Header("User-Agent"), StringComparison.Ordinal);
        Assert.Equal(string.Empty, request.Body);
    }

    [Fact]
    public async Task Get_OfAMissingObject_IsNull()
    {
        using var client = new ClusterClient(server.Config());

        Assert.Null(await client.GetCanaryAsync("shop", "web", CancellationToken.None));
        Assert.Equal("/apis/flagger.app/v1beta1/namespaces/shop/canaries/web", Assert.Single(server.Requests).Path);
    }

    public static TheoryData<string, string> ItemPaths => new()
    {
        { "Deployment", "/apis/apps/v1/namespaces/shop/deployments/web" },
        { "Service", "/api/v1/namespaces/shop/services/web" },
        { "HorizontalPodAutoscaler", "/apis/autoscaling/v2/namespaces/shop/horizontalpodautoscalers/web" },
        { "MetricTemplate", "/apis/flagger.app/v1beta1/namespaces/shop/metrictemplates/web" },
        { "Canary", "/apis/flagger.app/v1beta1/namespaces/shop/canaries/web" },
        { "Namespace", "/api/v1/namespaces/web" },
    };

    [Theory]
    [MemberData(nameof(ItemPaths))]
    public async Task EachTypedGet_UsesItsRestPath(string kind, string path)
    {
        server.Put(path, """{"kind":"KIND","metadata":{"name":"web"}}""".Replace("KIND", kind, StringComparison.Ordinal));
        using var client = new ClusterClient(server.Config());
        var get = kind switch
        {
            "Deployment" => client.GetDeploymentAsync("shop", "web", CancellationToken.None),
            "Service" => client.GetServiceAsync("shop", "web", CancellationToken.None),
            "HorizontalPodAutoscaler" => client.GetHorizontalPodAutoscalerAsync("shop", "web", CancellationToken.None),
            "MetricTemplate" => client.GetMetricTemplateAsync("shop", "web", CancellationToken.None),
            "Canary" => client.GetCanaryAsync("shop", "web", CancellationToken.None),
            _ => client.GetNamespaceAsync("web", CancellationToken.None),
        };

        using var found = await get;

        Assert.Equal(kind, found!.RootElement.GetProperty("kind").GetString());
        Assert.Equal(path, Assert.Single(server.Requests).Path);
    }

    [Fact]
    public async Task List_FollowsContinueTokens_AndEscapesTheLabelSelector()
    {
        server.Intercept = request => request.Query.Contains("continue=", StringComparison.Ordinal)
            ? new FakeResponse(200, """{"kind":"NamespaceList","apiVersion":"v1","metadata":{"resourceVersion":"90"},"items":[{"metadata":{"name":"b"}}]}""")
            : new FakeResponse(200, """{"kind":"NamespaceList","apiVersion":"v1","metadata":{"resourceVersion":"90","continue":"eyJ2IjoibWV0YS5rOHMuaW8vdjEifQ=="},"items":[{"metadata":{"name":"a"}}]}""");
        using var client = new ClusterClient(server.Config());

        var items = await client.ListNamespacesAsync(CancellationToken.None, "canaryguard.io/canary=enabled");

        Assert.Equal(["a", "b"], items.Select(i => i.GetProperty("metadata").GetProperty("name").GetString()));
        Assert.Equal(
            ["limit=500&labelSelector=canaryguard.io%2Fcanary%3Denabled", "limit=500&labelSelector=canaryguard.io%2Fcanary%3Denabled&continue=eyJ2IjoibWV0YS5rOHMuaW8vdjEifQ%3D%3D"],
            server.Requests.Select(r => r.Query));
        Assert.All(server.Requests, r => Assert.Equal("/api/v1/namespaces", r.Path));
    }

    [Fact]
    public async Task A_continue_token_gone_stale_restarts_the_list_from_its_first_page()
    {
        foreach (var name in new[] { "a", "b", "c", "d", "e" })
        {
            server.Put(ApiObjects.DeploymentPath("shop", name), ApiObjects.Deployment("shop", name));
        }

        server.FailNext(r => r.Query.Contains("continue=", StringComparison.Ordinal), Expired());
        using var client = new ClusterClient(server.Config());
        var names = new List<string?>();
        var restarts = 0;

        await foreach (var page in client.ListPagesAsync(KubernetesResourceType.Deployments, "shop", null, pageSize: 2, metadataOnly: false, () => { restarts++; names.Clear(); }, CancellationToken.None))
        {
            using (page)
            {
                names.AddRange(page.RootElement.GetProperty("items").EnumerateArray().Select(i => Json.Text(i, "metadata", "name")));
            }
        }

        Assert.Equal(["a", "b", "c", "d", "e"], names);
        Assert.Equal(1, restarts);
        // The first page, the stale continue (410), then the whole list again: three pages.
        Assert.Equal([false, true, false, true, true], server.Requests.Select(r => r.Query.Contains("continue=", StringComparison.Ordinal)));
        Assert.All(server.Requests, r => Assert.StartsWith("limit=2", r.Query, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_list_whose_continue_token_keeps_going_stale_gives_up_after_the_bounded_restarts()
    {
        foreach (var name in new[] { "a", "b", "c" })
        {
            server.Put(ApiObjects.DeploymentPath("shop", name), ApiObjects.Deployment("shop", name));
        }

        server.Intercept = r => r.Query.Contains("continue=", StringComparison.Ordinal) ? Expired() : null;
        using var client = new ClusterClient(server.Config());

        var error = await Assert.ThrowsAsync<KubernetesApiException>(async () =>
        {
            await foreach (var page in client.ListPagesAsync(KubernetesResourceType.Deployments, "shop", null, pageSize: 2, metadataOnly: false, null, CancellationToken.None))
            {
                page.Dispose();
            }
        });

        Assert.Equal((410, "Expired"), (error.Code, error.Reason));
        Assert.Equal(2 * (ClusterClient.MaxListRestarts + 1), server.Requests.Count);
    }

    private static FakeResponse Expired() => FakeResponse.Failure(410, "Expired", "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.");

    [Fact]
    public async Task ListAcrossNamespaces_UsesTheClusterWidePath()
    {
        server.Put(ApiObjects.DeploymentPath("a", "one"), ApiObjects.Deployment("a", "one"));
        server.Put(ApiObjects.DeploymentPath("b", "two"), ApiObjects.Deployment("b", "two"));
        using var client = new ClusterClient(server.Config());

        var all = await client.ListDeploymentsAsync(null, CancellationToken.None);
        var inA = await client.ListDeploymentsAsync("a", CancellationToken.None);

        Assert.Equal(2, all.Count);
        Assert.Single(inA);
        Assert.Equal(["/apis/apps/v1/deployments", "/apis/apps/v1/namespaces/a/deployments"], server.Requests.Select(r => r.Path));
    }

    [Theory]
    [InlineData(false, "fieldManager=canaryguard&force=false")]
    [InlineData(true, "fieldManager=canaryguard&force=true")]
    public async Task ApplyCanary_IsAServerSideApplyPatch(bool force, string query)
    {
        if (force)
        {
            server.Put(ApiObjects.CanaryPath("shop", "web"), """{"apiVersion":"flagger.app/v1beta1","kind":"Canary","metadata":{"name":"web","namespace":"shop","uid":"u1"}}""");
        }

        using var client = new ClusterClient(server.Config());
        const string canary = """{"apiVersion":"flagger.app/v1beta1","kind":"Canary","metadata":{"name":"web","namespace":"shop"},"spec":{"service":{"port":80}}}""";

        using var applied = await client.ApplyCanaryAsync("shop", "web", Encoding.UTF8.GetBytes(canary), force, CancellationToken.None);

        var request = Assert.Single(server.Applies);
        Assert.Equal("/apis/flagger.app/v1beta1/namespaces/shop/canaries/web", request.Path);
        Assert.Equal(query, request.Query);
        Assert.Equal("application/apply-patch+yaml", request.Header("Content-Type"));
        Assert.Equal("Bearer test-token", request.Header("Authorization"));
        Assert.Equal(canary, request.Body);
        Assert.Empty(server.Violations);
        var managers = applied.RootElement.GetProperty("metadata").GetProperty("managedFields").EnumerateArray().Select(f => f.GetProperty("manager").GetString());
        Assert.Contains("canaryguard", managers);
    }

    [Fact]
    public async Task Conflict_IsDecodedFromTheStatus()
    {
        server.FailNext(_ => true, FakeResponse.Conflict("web"));
        using var client = new ClusterClient(server.Config());

        var error = await Assert.ThrowsAsync<KubernetesApiException>(() => client.ApplyCanaryAsync("shop", "web", """{"metadata":{"name":"web","namespace":"shop"}}"""u8.ToArray(), false, CancellationToken.None));

        Assert.Equal(409, error.Code);
        Assert.Equal("Conflict", error.Reason);
        Assert.Equal(
            "PATCH /apis/flagger.app/v1beta1/namespaces/shop/canaries/web: 409 Conflict: Apply failed with 1 conflict: conflict with \"kubectl-client-side-apply\" using flagger.app/v1beta1: .spec.analysis.maxWeight",
            error.Message);
        Assert.Null(error.RetryAfter);
    }

    [Fact]
    public async Task TooManyRequests_CarriesRetryAfter()
    {
        server.FailNext(_ => true, FakeResponse.TooManyRequests(3));
        using var client = new ClusterClient(server.Config());

        var error = await Assert.ThrowsAsync<KubernetesApiException>(() => client.GetDeploymentAsync("shop", "web", CancellationToken.None));

        Assert.Equal(429, error.Code);
        Assert.Equal("TooManyRequests", error.Reason);
        Assert.Equal(TimeSpan.FromSeconds(3), error.RetryAfter);
    }

    [Fact]
    public async Task InternalError_AndNonStatusBodies_AreExceptionsWithTheHttpCode()
    {
        server.FailNext(_ => true, FakeResponse.InternalError());
        server.FailNext(_ => true, new FakeResponse(502, "<html>bad gateway</html>"));
        using var client = new ClusterClient(server.Config());

        var internalError = await Assert.ThrowsAsync<KubernetesApiException>(() => client.GetDeploymentAsync("shop", "web", CancellationToken.None));
        var badGateway = await Assert.ThrowsAsync<KubernetesApiException>(() => client.GetDeploymentAsync("shop", "web", CancellationToken.None));

        Assert.Equal((500, "InternalError"), (internalError.Code, internalError.Reason));
        Assert.Contains("etcdserver: request timed out", internalError.Message, StringComparison.Ordinal);
        Assert.Equal((502, "Bad Gateway"), (badGateway.Code, badGateway.Reason));
        Assert.Contains("<html>bad gateway</html>", badGateway.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_a_401_the_token_file_is_read_again_so_a_rotated_token_is_used()
    {
        using var folder = new TempDirectory();
        var tokenFile = Path.Combine(folder.Path, "token");
        File.WriteAllText(tokenFile, "expired-token\n");
        server.Put(ApiObjects.DeploymentPath("shop", "web"), ApiObjects.Deployment("shop", "web"));
        using var client = new ClusterClient(server.Config(tokenFile: tokenFile));

        var unauthorized = await Assert.ThrowsAsync<KubernetesApiException>(() => client.GetDeploymentAsync("shop", "web", CancellationToken.None));
        File.WriteAllText(tokenFile, "test-token");
        using var deployment = await client.GetDeploymentAsync("shop", "web", CancellationToken.None);

        Assert.Equal((401, "Unauthorized"), (unauthorized.Code, unauthorized.Reason));
        Assert.NotNull(deployment);
        Assert.Equal(["Bearer expired-token", "Bearer test-token"], server.Requests.Select(r => r.Header("Authorization")));
    }

    [Fact]
    public async Task AServerOutsideTheConfiguredCa_IsRefused()
    {
        using var other = TestCertificates.Server("CN=someone-else");
        using var client = new ClusterClient(FakeApiServer.Connection(server.Uri, other, "test-token"));

        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetDeploymentAsync("shop", "web", CancellationToken.None));
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task A_certificate_the_cluster_ca_issued_for_another_host_is_refused()
    {
        // The official client's own check accepts it once the chain ends in the kubeconfig's CA; kubectl does not.
        await using var impostor = await FakeApiServer.StartAsync(TestCertificates.ServerFor("node-1.internal"));
        using var client = new ClusterClient(impostor.Config());

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetDeploymentAsync("shop", "web", CancellationToken.None));

        Assert.IsType<System.Security.Authentication.AuthenticationException>(error.InnerException);
        Assert.Empty(impostor.Requests);
    }

    [Fact]
    public async Task ASlowServer_IsATimeout()
    {
        server.ResponseDelay = TimeSpan.FromSeconds(5);
        using var client = new ClusterClient(server.Config(timeout: TimeSpan.FromMilliseconds(200)));

        var error = await Assert.ThrowsAsync<TimeoutException>(() => client.GetDeploymentAsync("shop", "web", CancellationToken.None));

        Assert.Equal("GET /apis/apps/v1/namespaces/shop/deployments/web took longer than 0.2s", error.Message);
    }

    [Fact]
    public async Task Kubeconfig_WithClientCertificateData_AuthenticatesWithTheCertificate()
    {
        using var clientCertificate = TestCertificates.Client("CN=jane,O=platform");
        using var folder = new TempDirectory();
        var path = Path.Combine(folder.Path, "config");
        File.WriteAllText(path, $$"""
            apiVersion: v1
            kind: Config
            current-context: lab
            contexts:
              - name: other
                context: {cluster: nowhere, user: nobody}
              - name: lab
                context: {cluster: lab, user: jane, namespace: shop}
            clusters:
              - name: lab
                cluster:
                  server: {{server.Uri}}
                  certificate-authority-data: {{Base64(server.Certificate.ExportCertificatePem())}}
            users:
              - name: jane
                user:
                  client-certificate-data: {{Base64(TestCertificates.CertificatePem(clientCertificate))}}
                  client-key-data: {{Base64(TestCertificates.KeyPem(clientCertificate))}}
            """);
        server.ExpectedToken = null;

        using var client = new ClusterClient(ClusterConnection.Load(path));
        await client.ListCanariesAsync("shop", CancellationToken.None);

        Assert.Equal("shop", client.Namespace);
        var request = Assert.Single(server.Requests);
        Assert.Equal("CN=jane, O=platform", request.ClientCertificateSubject);
        Assert.Null(request.Header("Authorization"));
    }

    [Fact]
    public async Task Kubeconfig_WithFilesRelativeToItsFolder_AndANamedContext()
    {
        using var folder = new TempDirectory();
        File.WriteAllText(Path.Combine(folder.Path, "ca.pem"), server.Certificate.ExportCertificatePem());
        var path = Path.Combine(folder.Path, "config");
        File.WriteAllText(path, $"""
            current-context: elsewhere
            contexts: [{"{"}name: lab, context: {"{"}cluster: lab, user: ci{"}"}{"}"}, {"{"}name: elsewhere, context: {"{"}cluster: nowhere, user: ci{"}"}{"}"}]
            clusters: [{"{"}name: lab, cluster: {"{"}server: "{server.Uri}", certificate-authority: ca.pem{"}"}{"}"}]
            users: [{"{"}name: ci, user: {"{"}token: test-token{"}"}{"}"}]
            """);

        using var client = new ClusterClient(ClusterConnection.Load(path, context: "lab"));
        await client.ListNamespacesAsync(CancellationToken.None);

        Assert.Equal("Bearer test-token", Assert.Single(server.Requests).Header("Authorization"));
    }

    [Theory]
    [InlineData("current-context: x\ncontexts: []", "CurrentContext: x not found in contexts in kubeconfig")]
    [InlineData("current-context: x\ncontexts: [{name: x, context: {cluster: c}}]\nclusters: [{name: c, cluster: {}}]", "Server not found for current-context")]
    [InlineData("current-context: x\ncontexts: [{name: x, context: {cluster: c, user: u}}]\nclusters: [{name: c, cluster: {server: 'https://h', insecure-skip-tls-verify: true}}]\nusers: [{name: u, user: {exec: {apiVersion: client.authentication.k8s.io/v1beta1, command: /nonexistent/plugin}}}]", "external exec failed")]
    public void Kubeconfig_Problems_AreClearErrors(string yaml, string message)
    {
        using var folder = new TempDirectory();
        var path = Path.Combine(folder.Path, "config");
        File.WriteAllText(path, yaml);

        var error = Assert.Throws<ClusterConfigurationException>(() => ClusterConnection.Load(path));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_kubeconfig_is_a_clear_error()
    {
        var error = Assert.Throws<ClusterConfigurationException>(() => ClusterConnection.Load("/nonexistent/kubeconfig"));

        Assert.Contains("/nonexistent/kubeconfig not found", error.Message, StringComparison.Ordinal);
    }

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
}

internal sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "cg-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
