using System.Text.Json;

namespace Runner.Extensible.Conformance.Runtime;

/// <summary>
/// Compares JSON values by meaning, as <c>JSON.parse</c> sees them: a string is the same whatever its escapes, a number
/// whatever its spelling (<c>1e+21</c>, <c>1E+21</c>), an object whatever its key order.
/// </summary>
internal static class JsonSemantics
{
    /// <summary>Whether two JSON values mean the same.</summary>
    public static bool Equal(JsonElement left, JsonElement right)
    {
        if (left.ValueKind != right.ValueKind) return false;
        switch (left.ValueKind)
        {
            case JsonValueKind.String:
                return left.GetString() == right.GetString();
            case JsonValueKind.Number:
                return left.GetDouble().Equals(right.GetDouble());
            case JsonValueKind.Array:
                return left.GetArrayLength() == right.GetArrayLength() && left.EnumerateArray().Zip(right.EnumerateArray()).All(pair => Equal(pair.First, pair.Second));
            case JsonValueKind.Object:
                var leftProperties = left.EnumerateObject().ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);
                var rightProperties = right.EnumerateObject().ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);
                return leftProperties.Count == rightProperties.Count
                    && leftProperties.All(p => rightProperties.TryGetValue(p.Key, out var other) && Equal(p.Value, other));
            default:
                return true;
        }
    }
}
