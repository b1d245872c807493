using Microsoft.Extensions.Options;
using Runner.Extensible.Transports.Shared;

namespace Runner.Extensible.Transports.Stdio;

/// <summary>Checks <see cref="StdioTransportOptions"/> when a runner's options are first built.</summary>
internal sealed class StdioTransportOptionsValidator : IValidateOptions<StdioTransportOptions>
{
    private const string Owner = nameof(StdioTransportOptions);
    private static readonly string[] LogLevels = ["info", "warn", "error", "silent"];

    public ValidateOptionsResult Validate(string? name, StdioTransportOptions options)
    {
        var failures = Failures(options).ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    internal static IEnumerable<string> Failures(StdioTransportOptions options)
    {
        if (options.Root is { } root && !Directory.Exists(root))
            yield return $"{Owner}.Root \"{root}\" is not an existing directory; it must be the Vite project root (where vite.config and node_modules are).";
        if (string.IsNullOrWhiteSpace(options.NodePath))
            yield return $"{Owner}.NodePath is blank; leave it as \"node\" to use the node on PATH, or give the path of the node executable.";
        if (options.HostScript is { } script && !File.Exists(script))
            yield return $"{Owner}.HostScript \"{script}\" does not exist; leave it unset to use the stdio-host.js shipped with this transport.";
        if (options.ConfigFile is { } config)
        {
            if (!options.UseConfigFile)
                yield return $"{Owner}: ConfigFile is set but UseConfigFile is false; choose one.";
            var full = Path.IsPathRooted(config) || options.Root is null ? config : Path.Combine(options.Root, config);
            if (!File.Exists(full))
                yield return $"{Owner}.ConfigFile \"{config}\" does not exist.";
        }
        if (options.EnvironmentName is { } environment && (environment.Length == 0 || !environment.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '$' or '-')))
            yield return $"{Owner}.EnvironmentName must be a simple name (letters, digits, _ $ -); it is \"{environment}\".";
        if (options.LogLevel is { } level && !LogLevels.Contains(level))
            yield return $"{Owner}.LogLevel must be one of {string.Join(", ", LogLevels)}; it is \"{level}\".";
        if (options.MaxPayloadBytes is < 1024)
            yield return $"{Owner}.MaxPayloadBytes must be at least 1024; it is {options.MaxPayloadBytes}.";
        foreach (var f in OptionChecks.MessageLimit(Owner, options.MaxInboundMessageBytes)) yield return f;
        foreach (var f in OptionChecks.Timeout(Owner, "InvokeTimeout", options.InvokeTimeout, infiniteAllowed: true)) yield return f;
        foreach (var f in OptionChecks.Timeout(Owner, "StartTimeout", options.StartTimeout, infiniteAllowed: false)) yield return f;
        foreach (var f in OptionChecks.Timeout(Owner, "ShutdownTimeout", options.ShutdownTimeout, infiniteAllowed: false)) yield return f;
        foreach (var f in OptionChecks.Reconnect(Owner, options.RestartDelay, options.MaxRestartDelay, options.RestartJitter, verb: "Restart")) yield return f;
        if (options.MaxRestartAttempts < 1)
            yield return $"{Owner}.MaxRestartAttempts must be at least 1; it is {options.MaxRestartAttempts} (set AutoRestart = false to never restart the host).";
    }
}
