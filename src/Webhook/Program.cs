using CanaryGuard.Webhook.Hosting;

return await WebhookCommandLine.InvokeAsync(args, options => WebhookServer.RunAsync(options, Console.Out), Console.Out, Console.Error);
