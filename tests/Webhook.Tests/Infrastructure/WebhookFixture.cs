namespace CanaryGuard.Webhook.Tests.Infrastructure;

/// <summary>One server with the isolating policy, shared by the tests that do not change its files.</summary>
public sealed class WebhookFixture : IAsyncLifetime
{
    private RunningWebhook? webhook;

    public RunningWebhook Webhook => webhook ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync() => webhook = await RunningWebhook.StartAsync();

    public async Task DisposeAsync()
    {
        if (webhook is not null)
        {
            await webhook.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class SharedWebhookDefinition : ICollectionFixture<WebhookFixture>
{
    public const string Name = "shared webhook";
}
