using CanaryGuard.Webhook.Hosting;

WebhookOptions options;
try
{
    options = WebhookOptions.Parse(args);
}
catch (ArgumentException exception)
{
    await Console.Error.WriteLineAsync($"canaryguard-webhook: {exception.Message}\n{WebhookOptions.Usage}");
    return 2;
}

return await WebhookServer.RunAsync(options, Console.Out);
