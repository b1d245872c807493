using System.Collections;
using System.Text.Json;

namespace Company.RunnerPlugin;

/// <summary>Settings of <c>UseImportMetaMembers(o =&gt; …)</c>, named after the runner.</summary>
public sealed class ImportMetaMembersOptions
{
    /// <summary>The members <c>import.meta</c> keeps for itself or that the runner adds; a member may not take these names.</summary>
    public static readonly IReadOnlySet<string> ReservedNames = new HashSet<string>(StringComparer.Ordinal)
    {
        "url", "filename", "dirname", "env", "resolve", "glob", "hot",
    };

    /// <summary>
    /// The members every module's <c>import.meta</c> gets, by name: strings, booleans, numbers, <see cref="JsonElement"/>,
    /// lists of these and string-keyed dictionaries of these (which become plain objects). For example
    /// <c>o.Members["app"] = new Dictionary&lt;string, object?&gt; { ["version"] = "1.4.2" }</c> makes
    /// <c>import.meta.app.version</c> <c>"1.4.2"</c>.
    /// </summary>
    public IDictionary<string, object?> Members { get; } = new Dictionary<string, object?>(StringComparer.Ordinal);

    /// <summary>What is wrong with these settings, each with its fix; empty when they are valid.</summary>
    internal IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        foreach (var (name, value) in Members)
        {
            if (!IsIdentifier(name))
                problems.Add($"ImportMetaMembersOptions.Members has the name '{name}', which is not a JavaScript identifier; use letters, digits, _ and $, not starting with a digit.");
            else if (ReservedNames.Contains(name))
                problems.Add($"ImportMetaMembersOptions.Members has the name '{name}', which import.meta keeps for itself; choose another name.");
            if (Unconvertible(value, $"import.meta.{name}") is { } problem)
                problems.Add($"ImportMetaMembersOptions.Members: {problem}; use strings, booleans, numbers, JsonElement, lists or string-keyed dictionaries.");
        }
        return problems;
    }

    /// <summary>Throws when a setting is invalid; the message names the setting and the fix.</summary>
    internal void ThrowIfInvalid()
    {
        var problems = Problems();
        if (problems.Count > 0) throw new InvalidOperationException(string.Join(" ", problems));
    }

    private static bool IsIdentifier(string name) =>
        name.Length > 0 && !char.IsAsciiDigit(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '$');

    // The values every evaluator converts to script values (see IScriptObject); anything else would fail at import time.
    private static string? Unconvertible(object? value, string path)
    {
        switch (value)
        {
            case null or string or bool or JsonElement:
            case byte or sbyte or short or ushort or int or uint or long or ulong or float or double or decimal:
                return null;
            case IEnumerable entries when IsStringKeyedDictionary(value.GetType()):
                foreach (var entry in entries)
                {
                    var type = entry!.GetType();
                    var problem = Unconvertible(type.GetProperty("Value")!.GetValue(entry), $"{path}.{type.GetProperty("Key")!.GetValue(entry)}");
                    if (problem is not null) return problem;
                }
                return null;
            case IEnumerable items:
                var index = 0;
                foreach (var item in items)
                    if (Unconvertible(item, $"{path}[{index++}]") is { } problem) return problem;
                return null;
            default:
                return $"{path} is a {value.GetType().FullName}, which evaluators cannot turn into a script value";
        }
    }

    private static bool IsStringKeyedDictionary(Type type) =>
        type.GetInterfaces().Append(type).Any(i => i.IsGenericType
            && i.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>)
            && i.GetGenericArguments()[0] == typeof(string));
}
