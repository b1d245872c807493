using Microsoft.Extensions.Options;
using Runner.Extensible.Transports.Shared;

namespace Runner.Extensible.Transports.WebSockets;

/// <summary>Checks <see cref="WebSocketTransportOptions"/> when a runner's options are first built.</summary>
internal sealed class WebSocketTransportOptionsValidator : IValidateOptions<WebSocketTransportOptions>
{
    private const string Owner = nameof(WebSocketTransportOptions);

    public ValidateOptionsResult Validate(string? name, WebSocketTransportOptions options)
    {
        var failures = Failures(options).ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    internal static IEnumerable<string> Failures(WebSocketTransportOptions options)
    {
        if (options.Url is not null && !string.IsNullOrEmpty(options.ConnectionFile))
            yield return $"{Owner}: set either Url (with Token) or ConnectionFile, not both.";
        foreach (var f in OptionChecks.Endpoint(Owner, "Url", options.Url, "ws", "wss")) yield return f;
        if (options.Url is not null)
            foreach (var f in OptionChecks.Token(Owner, options.Token, "copy the \"token\" of the Vite server's connection file (node_modules/.runner-extensible/<environment>.json), or use ConnectionFile instead.")) yield return f;
        if (options.ConnectionFile is { } file && file.Trim().Length == 0)
            yield return $"{Owner}.ConnectionFile is blank.";
        foreach (var f in OptionChecks.Timeout(Owner, "InvokeTimeout", options.InvokeTimeout, infiniteAllowed: true)) yield return f;
        foreach (var f in OptionChecks.Timeout(Owner, "ConnectTimeout", options.ConnectTimeout, infiniteAllowed: false)) yield return f;
        if (options.PingInterval != TimeSpan.Zero)
            foreach (var f in OptionChecks.Timeout(Owner, "PingInterval", options.PingInterval, infiniteAllowed: false)) yield return f;
        foreach (var f in OptionChecks.Timeout(Owner, "PongTimeout", options.PongTimeout, infiniteAllowed: true)) yield return f;
        foreach (var f in OptionChecks.Reconnect(Owner, options.ReconnectDelay, options.MaxReconnectDelay, options.ReconnectJitter)) yield return f;
        foreach (var f in OptionChecks.MessageLimit(Owner, options.MaxInboundMessageBytes)) yield return f;
    }
}
