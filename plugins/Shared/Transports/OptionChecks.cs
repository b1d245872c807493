namespace Runner.Extensible.Transports.Shared;

/// <summary>Validation rules the transport options share; each returns the failure message or nothing.</summary>
internal static class OptionChecks
{
    /// <summary>A timeout that must be positive, or <see cref="Timeout.InfiniteTimeSpan"/> when <paramref name="infiniteAllowed"/>.</summary>
    public static IEnumerable<string> Timeout(string owner, string name, TimeSpan value, bool infiniteAllowed)
    {
        if (infiniteAllowed && value == System.Threading.Timeout.InfiniteTimeSpan) yield break;
        if (value <= TimeSpan.Zero)
            yield return $"{owner}.{name} must be positive{(infiniteAllowed ? " (or Timeout.InfiniteTimeSpan to wait forever)" : "")}; it is {value}.";
        else if (value.TotalMilliseconds > int.MaxValue)
            yield return $"{owner}.{name} is too large ({value}); use at most {TimeSpan.FromMilliseconds(int.MaxValue)}{(infiniteAllowed ? " or Timeout.InfiniteTimeSpan" : "")}.";
    }

    /// <summary>
    /// The backoff settings of a transport that reconnects by itself: <c>&lt;verb&gt;Delay</c>, <c>Max&lt;verb&gt;Delay</c> and
    /// <c>&lt;verb&gt;Jitter</c> (<c>Reconnect…</c> for WebSocket and HTTP, <c>Restart…</c> for stdio).
    /// </summary>
    public static IEnumerable<string> Reconnect(string owner, TimeSpan delay, TimeSpan maxDelay, double jitter, string verb = "Reconnect")
    {
        foreach (var failure in Timeout(owner, verb + "Delay", delay, infiniteAllowed: false)) yield return failure;
        foreach (var failure in Timeout(owner, "Max" + verb + "Delay", maxDelay, infiniteAllowed: false)) yield return failure;
        if (maxDelay < delay)
            yield return $"{owner}.Max{verb}Delay ({maxDelay}) must not be smaller than {verb}Delay ({delay}).";
        if (double.IsNaN(jitter) || jitter is < 0 or > 1)
            yield return $"{owner}.{verb}Jitter must be between 0 and 1 (a fraction of the delay); it is {jitter}.";
    }

    /// <summary>The largest inbound message the runner accepts.</summary>
    public static IEnumerable<string> MessageLimit(string owner, int maxBytes)
    {
        if (maxBytes < 1024)
            yield return $"{owner}.MaxInboundMessageBytes must be at least 1024; it is {maxBytes}.";
    }

    /// <summary>A bearer token: not empty, no white space.</summary>
    public static IEnumerable<string> Token(string owner, string? token, string missingHint)
    {
        if (string.IsNullOrEmpty(token))
            yield return $"{owner}.Token is required with Url: {missingHint}";
        else if (token.Any(char.IsWhiteSpace))
            yield return $"{owner}.Token must not contain white space (copy the \"token\" value of the connection file exactly).";
    }

    /// <summary>An endpoint URL with one of the given schemes and no query (the token travels in a header).</summary>
    public static IEnumerable<string> Endpoint(string owner, string name, Uri? url, params string[] schemes)
    {
        if (url is null) yield break;
        if (!url.IsAbsoluteUri)
        {
            yield return $"{owner}.{name} must be an absolute {string.Join(" or ", schemes)} URL, such as {Example(schemes[0])}; it is \"{url}\".";
            yield break;
        }
        if (!schemes.Contains(url.Scheme, StringComparer.OrdinalIgnoreCase))
            yield return $"{owner}.{name} must use {string.Join(" or ", schemes.Select(s => s + "://"))}, such as {Example(schemes[0])}; it is \"{url}\".";
        if (!string.IsNullOrEmpty(url.Query))
            yield return $"{owner}.{name} must not have a query (\"{url.Query}\"): the token goes in Token and is sent as an Authorization header.";
    }

    private static string Example(string scheme) => scheme switch
    {
        "ws" or "wss" => "ws://127.0.0.1:5173/@runner-extensible/ws",
        _ => "http://127.0.0.1:5173/@runner-extensible/http",
    };
}
