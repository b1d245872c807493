namespace Runner.Extensible.Transports.Http;

/// <summary>The plugin's HTTP endpoints and token, from the options or (re-read on reconnect) the connection file.</summary>
/// <param name="Base">The HTTP base, without a trailing slash.</param>
/// <param name="Token">The bearer token.</param>
/// <param name="ConnectionFile">The file both came from, or <c>null</c> when given directly.</param>
internal sealed record HttpEndpoint(Uri Base, string Token, string? ConnectionFile)
{
    /// <summary><c>POST</c>: one call.</summary>
    public Uri Invoke => Under("invoke");

    /// <summary><c>GET</c>: the server-sent event stream.</summary>
    public Uri Events => Under("events");

    /// <summary><c>POST</c>: a payload from the runner.</summary>
    public Uri Send => Under("send");

    /// <summary>The connection file used when the options name neither a URL nor a file.</summary>
    public static string DefaultConnectionFile => Shared.ConnectionFile.DefaultPath(Directory.GetCurrentDirectory());

    /// <summary>Resolves the endpoints; throws <see cref="TransportException"/> when the connection file cannot be used.</summary>
    public static HttpEndpoint Resolve(HttpTransportOptions options)
    {
        if (options.BaseUrl is { } url) return new HttpEndpoint(url, options.Token ?? "", null);
        var file = Shared.ConnectionFile.Read(options.ConnectionFile ?? DefaultConnectionFile);
        if (file.Http is null)
            throw new TransportException(
                $"The Vite server described by {file.Path} serves no HTTP endpoints (the plugin was configured with http: false). "
                + "Enable them in vite.config (runnerExtensible({ http: { base: ... } })) or use UseWebSocket(...) instead.");
        return new HttpEndpoint(file.Http, file.Token, file.Path);
    }

    private Uri Under(string name) => new(Base.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/" + name);

    /// <summary>For messages: <c>(from the connection file …)</c> or nothing.</summary>
    public string Source => ConnectionFile is null ? "" : $" (from the connection file {ConnectionFile})";

    /// <summary>How to fix a wrong token, for refusal messages.</summary>
    public string TokenHint => ConnectionFile is null
        ? "and pass it with UseHttp(baseUrl, token), or let the runner read it with UseHttpFromConnectionFile(path)"
        : $"but {ConnectionFile} may be stale, left by an earlier server; restart the Vite dev server so it rewrites the file";
}
