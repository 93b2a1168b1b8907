var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();
app.MapGet("/healthz", () => "ok");
app.Run();

/// <summary>Entry point, public so that WebApplicationFactory can find it.</summary>
public partial class Program;
