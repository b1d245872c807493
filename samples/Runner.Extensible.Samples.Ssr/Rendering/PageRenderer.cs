using System.Net;
using System.Text.Json;
using Runner.Extensible.Samples.Ssr.Vite;
using Runner.Extensible.Scripting;

namespace Runner.Extensible.Samples.Ssr.Rendering;

/// <summary>
/// Renders the Preact app on the server: imports <c>/src/entry-server.tsx</c> through the module runner (V8 in this
/// process; Vite transforms the TSX) and calls its <c>render(props)</c>. The runner caches the module; when a file it
/// depends on changes, Vite tells the runner over HMR, which drops the stale modules and runs the new code, so the next
/// request renders the edit with no restart.
/// </summary>
public sealed class PageRenderer(IModuleRunnerProvider runners, ViteDevServer vite, ServerIdentity identity)
{
    /// <summary>The server entry of the Preact app.</summary>
    public const string ServerEntry = "/src/entry-server.tsx";

    /// <summary>The browser entry that hydrates the page.</summary>
    public const string ClientEntry = "/src/entry-client.tsx";

    private static readonly JsonSerializerOptions PropsJson = new(JsonSerializerDefaults.Web);

    /// <summary>The whole HTML page for one request.</summary>
    public async Task<string> RenderPageAsync(CancellationToken cancellationToken)
    {
        var props = new Dictionary<string, object?>
        {
            ["serverPid"] = identity.ProcessId,
            ["startToken"] = identity.StartToken,
            ["renderCount"] = identity.NextRender(),
        };
        var runner = await runners.GetRunnerAsync(Microsoft.Extensions.Options.Options.DefaultName, cancellationToken);
        var entry = await runner.ImportAsync(ServerEntry, cancellationToken);
        var appHtml = await entry.InvokeAsync<string>("render", props) ?? "";
        return Page(appHtml, JsonSerializer.Serialize(props, PropsJson));
    }

    /// <summary>A development error page with the script's stack, mapped to the .tsx sources by the runner.</summary>
    public static string ErrorPage(Exception error) =>
        $"""
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>Render failed</title></head>
        <body><h1>Server rendering failed</h1><pre>{WebUtility.HtmlEncode(error is ScriptException { ScriptStack: { } stack } ? stack : error.ToString())}</pre></body></html>
        """;

    // The props go into the page as JSON: System.Text.Json escapes <, > and & by default, so "</script>" cannot occur.
    private string Page(string appHtml, string propsJson) =>
        $"""
        <!doctype html>
        <html lang="en">
          <head>
            <meta charset="utf-8">
            <title>Runner.Extensible SSR sample</title>
            <script type="module" src="{vite.Origin}/@vite/client"></script>
          </head>
          <body>
            <div id="app">{appHtml}</div>
            <script>window.__SSR_PROPS__ = {propsJson};</script>
            <script type="module" src="{vite.Origin}{ClientEntry}"></script>
          </body>
        </html>
        """;
}
