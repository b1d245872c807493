using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Runner.Extensible.Protocol;

namespace Runner.Extensible;

/// <summary>
/// Vite's <c>ensureBuiltins</c>/<c>isBuiltin</c>: asks the server's <c>getBuiltins</c> once per runner (again
/// after a failure) and answers whether a url is a builtin, which the runner then resolves locally as
/// <c>{externalize:url, type:"builtin"}</c> without calling <c>fetchModule</c>.
/// </summary>
internal sealed class BuiltinModules
{
    private readonly RetryingOnce _load;
    private readonly Func<string, JsonElement, CancellationToken, Task<JsonElement>> _invoke;
    private readonly CancellationToken _lifetime;
    private readonly ILogger _logger;
    private readonly string _runnerName;
    private volatile Func<string, bool>? _isBuiltin;

    /// <summary>Creates the cache.</summary>
    /// <param name="invoke">Calls a server method through the invoke pipeline.</param>
    /// <param name="lifetime">Cancelled when the runner closes.</param>
    /// <param name="logger">Where to log.</param>
    /// <param name="runnerName">For logs.</param>
    public BuiltinModules(Func<string, JsonElement, CancellationToken, Task<JsonElement>> invoke, CancellationToken lifetime, ILogger logger, string runnerName)
    {
        _invoke = invoke;
        _lifetime = lifetime;
        _logger = logger;
        _runnerName = runnerName;
        _load = new RetryingOnce(LoadAsync);
    }

    /// <summary>Loads the builtins unless they already are; a failure is thrown to the caller and retried by the next one.</summary>
    public Task EnsureAsync() => _load.EnsureAsync();

    /// <summary>Whether <paramref name="url"/> is a builtin (<c>false</c> until the builtins are loaded).</summary>
    public bool IsBuiltin(string url) => _isBuiltin?.Invoke(url) ?? false;

    private async Task LoadAsync()
    {
        RunnerLog.FetchingBuiltins(_logger, _runnerName);
        var result = await _invoke("getBuiltins", EmptyArguments, _lifetime).ConfigureAwait(false);
        var (names, patterns) = Parse(result);
        _isBuiltin = url => names.Contains(url) || patterns.Any(p => p.IsMatch(url));
        RunnerLog.BuiltinsLoaded(_logger, _runnerName, names.Count + patterns.Count);
    }

    private static readonly JsonElement EmptyArguments = JsonDocument.Parse("[]").RootElement.Clone();

    /// <summary>
    /// Reads the serialized <c>resolve.builtins</c>: items are <c>{"type":"string","value":…}</c>,
    /// <c>{"type":"RegExp","source":…,"flags":…}</c>, or raw strings (Vitest sends raw values).
    /// </summary>
    internal static (HashSet<string> Names, List<Regex> Patterns) Parse(JsonElement result)
    {
        if (result.ValueKind != JsonValueKind.Array)
            throw Malformed($"expected an array, got {Describe(result)}");
        var names = new HashSet<string>(StringComparer.Ordinal);
        var patterns = new List<Regex>();
        var index = 0;
        foreach (var item in result.EnumerateArray())
        {
            switch (item.ValueKind)
            {
                case JsonValueKind.String:
                    names.Add(item.GetString()!);
                    break;
                case JsonValueKind.Object when String(item, "type") == "string" && String(item, "value") is { } value:
                    names.Add(value);
                    break;
                case JsonValueKind.Object when String(item, "type") == "RegExp" && String(item, "source") is { } source:
                    patterns.Add(ToRegex(source, String(item, "flags") ?? "", index));
                    break;
                default:
                    throw Malformed($"item {index} is {item.GetRawText()}; expected a string, {{\"type\":\"string\",\"value\":…}} or {{\"type\":\"RegExp\",\"source\":…,\"flags\":…}}");
            }
            index++;
        }
        return (names, patterns);
    }

    private static Regex ToRegex(string source, string flags, int index)
    {
        var options = RegexOptions.CultureInvariant;
        foreach (var flag in flags)
        {
            options |= flag switch
            {
                'i' => RegexOptions.IgnoreCase,
                'm' => RegexOptions.Multiline,
                's' => RegexOptions.Singleline,
                _ => RegexOptions.None, // g, u, d, v do not change what one test() from the start matches
            };
        }
        // A sticky regex tested from lastIndex 0 only matches at the start.
        var pattern = flags.Contains('y') ? $@"\G(?:{source})" : source;
        try
        {
            return new Regex(pattern, options, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException ex)
        {
            throw Malformed($"item {index} is the regular expression /{source}/{flags}, which .NET cannot compile: {ex.Message}");
        }
    }

    private static string? String(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string Describe(JsonElement value) => value.ValueKind == JsonValueKind.Undefined ? "nothing" : value.GetRawText();

    private static ProtocolException Malformed(string detail) => new($"getBuiltins returned a malformed result: {detail}.");
}
