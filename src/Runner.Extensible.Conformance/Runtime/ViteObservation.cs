using System.Numerics;
using System.Text.Json;
using Runner.Extensible.Scripting;

namespace Runner.Extensible.Conformance.Runtime;

/// <summary>
/// What Vite 8's own <c>ModuleRunner</c> (with <c>ESModulesEvaluator</c>) observed for the kit's modules (recorded),
/// and the check that a .NET view of a script value shows the same value under the contract's conversions.
/// </summary>
internal static class ViteObservation
{
    /// <summary>The export names, in the order Vite's runner saw them.</summary>
    public static IReadOnlyList<string> Keys(string url) =>
        ConformanceRecording.ObservedByVite(url).GetProperty("keys").EnumerateArray().Select(k => k.GetString()!).ToArray();

    /// <summary>An export's value as Vite's runner saw it.</summary>
    public static JsonElement Export(string url, string name) => ConformanceRecording.ObservedByVite(url).GetProperty("exports").GetProperty(name);

    /// <summary>What calling an exported function returned (or threw) under Vite's runner.</summary>
    public static JsonElement Call(string url, string name) => ConformanceRecording.ObservedByVite(url).GetProperty("calls").GetProperty(name);

    /// <summary>What importing the module threw under Vite's runner.</summary>
    public static JsonElement Threw(string url) => ConformanceRecording.ObservedByVite(url).GetProperty("threw");

    /// <summary>Asserts that <paramref name="actual"/> is the .NET view of the value Vite's runner observed.</summary>
    public static void ShouldMatch(object? actual, JsonElement observed, string what)
    {
        switch (observed.ValueKind)
        {
            case JsonValueKind.Null:
                actual.ShouldBeNull($"{what}: script null converts to null");
                return;
            case JsonValueKind.True or JsonValueKind.False:
                actual.ShouldBeOfType<bool>($"{what}: a script boolean converts to bool").ShouldBe(observed.GetBoolean(), what);
                return;
            case JsonValueKind.Number:
                actual.ShouldBeOfType<double>($"{what}: a script number converts to double").ShouldBe(observed.GetDouble(), what);
                return;
            case JsonValueKind.String:
                actual.ShouldBeOfType<string>($"{what}: a script string converts to string").ShouldBe(observed.GetString(), what);
                return;
            case JsonValueKind.Array:
            {
                var list = actual.ShouldBeAssignableTo<IReadOnlyList<object?>>($"{what}: a script array converts to IReadOnlyList<object?>")!;
                list.Count.ShouldBe(observed.GetArrayLength(), $"{what}: length");
                var index = 0;
                foreach (var item in observed.EnumerateArray())
                {
                    ShouldMatch(list[index], item, $"{what}[{index}]");
                    index++;
                }
                return;
            }
        }
        if (observed.TryGetProperty("undefined", out _))
        {
            actual.ShouldBeNull($"{what}: script undefined converts to null");
        }
        else if (observed.TryGetProperty("bigint", out var bigint))
        {
            actual.ShouldBeOfType<BigInteger>($"{what}: a BigInt converts to BigInteger").ShouldBe(BigInteger.Parse(bigint.GetString()!, System.Globalization.CultureInfo.InvariantCulture), what);
        }
        else if (observed.TryGetProperty("function", out _))
        {
            actual.ShouldBeAssignableTo<IScriptFunction>($"{what}: a function converts to IScriptFunction");
        }
        else if (observed.TryGetProperty("promise", out _))
        {
            actual.ShouldBeAssignableTo<Task<object?>>($"{what}: a promise converts to Task<object?>");
        }
        else
        {
            var target = actual.ShouldBeAssignableTo<IScriptObject>($"{what}: an object converts to IScriptObject")!;
            var keys = observed.EnumerateObject().Select(p => p.Name).ToArray();
            target.GetKeys().ShouldBe(keys, $"{what}: own enumerable keys, in order");
            foreach (var property in observed.EnumerateObject())
            {
                if (property.Value.ValueKind == JsonValueKind.Object && property.Value.TryGetProperty("getterThrew", out var threw))
                {
                    var error = Should.Throw<ScriptException>(() => target.GetProperty(property.Name), $"{what}.{property.Name}: a getter that throws");
                    $"{error.ErrorName}: {error.ErrorMessage}".ShouldBe(threw.GetString(), $"{what}.{property.Name}");
                }
                else
                {
                    ShouldMatch(target.GetProperty(property.Name), property.Value, $"{what}.{property.Name}");
                }
            }
        }
    }

    /// <summary>Asserts that every export of <paramref name="module"/> matches what Vite's runner observed, keys in order.</summary>
    public static void ModuleShouldMatch(IScriptObject module, string url)
    {
        module.GetKeys().ShouldBe(Keys(url), $"the export names of {url}, in order");
        foreach (var key in Keys(url))
        {
            var observed = Export(url, key);
            if (observed.ValueKind == JsonValueKind.Object && observed.TryGetProperty("keys", out _) && key == "meta") continue;
            ShouldMatch(module.GetProperty(key), observed, $"{url} export {key}");
        }
    }
}
