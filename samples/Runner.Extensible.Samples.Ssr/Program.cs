using Runner.Extensible;
using Runner.Extensible.Samples.Ssr.Rendering;
using Runner.Extensible.Samples.Ssr.Vite;

var builder = WebApplication.CreateBuilder(args);

// The Vite dev server starts first (hosted services start in registration order), so the runner below finds the
// plugin's connection file when it connects.
builder.Services.Configure<ViteDevServerOptions>(builder.Configuration.GetSection("Vite"));
builder.Services.AddSingleton<ViteDevServer>();
builder.Services.AddHostedService(sp => sp.GetRequiredService<ViteDevServer>());

var clientApp = Path.GetFullPath(builder.Configuration["Vite:Root"] ?? Path.Combine(builder.Environment.ContentRootPath, "ClientApp"));
builder.Services.AddModuleRunner(runner => runner
    .UseV8()
    .UseWebSocketFromConnectionFile(Path.Combine(clientApp, "node_modules", ".runner-extensible", "dotnet.json"))
    .StartWithHost());

builder.Services.AddSingleton<ServerIdentity>();
builder.Services.AddSingleton<PageRenderer>();

var app = builder.Build();

app.MapGet("/", async (PageRenderer renderer, CancellationToken cancellationToken) =>
{
    try
    {
        return Results.Content(await renderer.RenderPageAsync(cancellationToken), "text/html; charset=utf-8");
    }
    catch (Exception e) when (e is not OperationCanceledException)
    {
        // A development sample: show the component's error (its stack mapped to the .tsx lines) instead of a bare 500.
        return Results.Content(PageRenderer.ErrorPage(e), "text/html; charset=utf-8", statusCode: StatusCodes.Status500InternalServerError);
    }
});

app.Run();
