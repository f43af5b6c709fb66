// The admission webhook is built in issue 5; until then the project only answers liveness.
var builder = WebApplication.CreateSlimBuilder(args);
var app = builder.Build();
app.MapGet("/healthz", () => "ok");
app.Run();
