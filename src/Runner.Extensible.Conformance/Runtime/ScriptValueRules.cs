using System.Collections;
using System.Text.Json;
using Runner.Extensible.Hmr;
using Runner.Extensible.Scripting;

namespace Runner.Extensible.Conformance.Runtime;

/// <summary>The .NET values every evaluator converts to script values (see <see cref="IScriptObject"/>).</summary>
internal static class ScriptValueRules
{
    /// <summary>Whether an evaluator must be able to convert <paramref name="value"/>; <paramref name="problem"/> says which part cannot.</summary>
    public static bool IsConvertible(object? value, out string problem, string path = "value")
    {
        problem = "";
        switch (value)
        {
            case null or bool or string or JsonElement or HotData or IScriptObject or Delegate or Task:
            case byte or sbyte or short or ushort or int or uint or long or ulong or float or double or decimal:
                return true;
            case IEnumerable entries when IsStringKeyedDictionary(value.GetType()):
                foreach (var entry in entries)
                {
                    var entryType = entry!.GetType();
                    var key = entryType.GetProperty("Key")!.GetValue(entry);
                    if (!IsConvertible(entryType.GetProperty("Value")!.GetValue(entry), out problem, $"{path}[\"{key}\"]")) return false;
                }
                return true;
            case IEnumerable items:
                var index = 0;
                foreach (var item in items)
                    if (!IsConvertible(item, out problem, $"{path}[{index++}]")) return false;
                return true;
            default:
                problem = $"{path} is a {value.GetType().FullName}, which no evaluator converts to a script value";
                return false;
        }
    }

    private static bool IsStringKeyedDictionary(Type type) =>
        type.GetInterfaces().Append(type).Any(i => i.IsGenericType
            && i.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>)
            && i.GetGenericArguments()[0] == typeof(string));
}
