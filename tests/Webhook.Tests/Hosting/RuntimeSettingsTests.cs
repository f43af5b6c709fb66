using System.Text.Json;

namespace CanaryGuard.Webhook.Tests.Hosting;

/// <summary>Runtime settings of the server as it ships (its runtimeconfig.json), which the in-process tests never see.</summary>
public sealed class RuntimeSettingsTests
{
    [Fact]
    public void The_server_runs_without_dynamic_PGO()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "CanaryGuard.Webhook.runtimeconfig.json");
        using var config = JsonDocument.Parse(File.ReadAllText(path));
        var properties = config.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");

        Assert.False(properties.GetProperty("System.Runtime.TieredPGO").GetBoolean());
        Assert.True(properties.GetProperty("System.GC.Server").GetBoolean());
    }
}
