namespace Runner.Extensible.Conformance;

/// <summary>
/// How to reach the Vite server a transport under test talks to: the endpoints of the project's Vite plugin
/// (<c>vite-plugin-runner-extensible</c>), its token, the project root it serves and its connection file.
/// </summary>
/// <param name="WebSocketUrl">The plugin's WebSocket endpoint, such as <c>ws://127.0.0.1:5173/@runner-extensible/ws</c>.</param>
/// <param name="HttpUrl">The plugin's HTTP base, such as <c>http://127.0.0.1:5173/@runner-extensible/http</c>.</param>
/// <param name="Token">The token the endpoints require.</param>
/// <param name="Root">The project root Vite serves (forward slashes).</param>
public sealed record ViteServerConnection(Uri WebSocketUrl, Uri HttpUrl, string Token, string Root)
{
    /// <summary>The plugin's connection file for the default environment (<c>&lt;root&gt;/node_modules/.runner-extensible/dotnet.json</c>).</summary>
    public string ConnectionFile => Path.Combine(Root, "node_modules", ".runner-extensible", "dotnet.json");
}
