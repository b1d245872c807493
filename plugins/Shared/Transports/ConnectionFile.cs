using System.Text.Json;

namespace Runner.Extensible.Transports.Shared;

/// <summary>
/// What the Vite plugin writes to <c>&lt;root&gt;/node_modules/.runner-extensible/&lt;environment&gt;.json</c> once its
/// server listens (PROTOCOL.md §2.4): where the endpoints are and the token they require.
/// </summary>
internal sealed record ConnectionFile(string Path, string Token, Uri? WebSocket, Uri? Http, string? Environment, int? Pid)
{
    /// <summary>Where the plugin writes the file for <paramref name="environment"/> of the project at <paramref name="root"/>.</summary>
    public static string DefaultPath(string root, string environment = "dotnet") =>
        System.IO.Path.GetFullPath(System.IO.Path.Combine(root, "node_modules", ".runner-extensible", environment + ".json"));

    /// <summary>Reads the file; throws <see cref="TransportException"/> saying what to do when it is missing or unusable.</summary>
    /// <param name="path">The file.</param>
    public static ConnectionFile Read(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        string text;
        try
        {
            text = File.ReadAllText(full);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new TransportException(
                $"The Vite connection file {full} does not exist, so there is no Vite server to connect to. Start the Vite dev server "
                + "of that project with the runner-extensible plugin (runnerExtensible() in vite.config) - it writes this file once it listens - "
                + "or give the transport the server's URL and token directly.", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new TransportException($"Cannot read the Vite connection file {full}: {ex.Message}", ex);
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw new JsonException("the file does not hold a JSON object");
            var token = StringOf(root, "token");
            if (string.IsNullOrEmpty(token))
                throw new JsonException("it has no \"token\"");
            return new ConnectionFile(
                full,
                token,
                UriOf(root, "websocket"),
                UriOf(root, "http"),
                StringOf(root, "environment"),
                root.TryGetProperty("pid", out var pid) && pid.TryGetInt32(out var p) ? p : null);
        }
        catch (JsonException ex)
        {
            throw new TransportException(
                $"The Vite connection file {full} is not what the runner-extensible plugin writes ({ex.Message}). "
                + "Delete it and restart the Vite dev server.", ex);
        }
    }

    private static string? StringOf(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static Uri? UriOf(JsonElement obj, string name) =>
        StringOf(obj, name) is { Length: > 0 } s
            ? Uri.TryCreate(s, UriKind.Absolute, out var uri) ? uri : throw new JsonException($"\"{name}\" is not an absolute URL: {s}")
            : null;
}
