using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;

namespace Runner.Extensible.V8.Engine;

/// <summary>Enumerates any <c>IReadOnlyDictionary&lt;string, T&gt;</c> without knowing T.</summary>
internal static class ReadOnlyDictionaries
{
    private static readonly ConcurrentDictionary<Type, Func<object, IEnumerable<KeyValuePair<string, object?>>>?> Readers = new();

    public static bool TryEnumerate(object value, out IEnumerable<KeyValuePair<string, object?>> entries)
    {
        if (value is IReadOnlyDictionary<string, object?> direct)
        {
            entries = direct;
            return true;
        }
        var reader = Readers.GetOrAdd(value.GetType(), CreateReader);
        entries = reader is null ? [] : reader(value);
        return reader is not null;
    }

    private static Func<object, IEnumerable<KeyValuePair<string, object?>>>? CreateReader(Type type)
    {
        var dictionary = type.GetInterfaces().Append(type)
            .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>) && i.GetGenericArguments()[0] == typeof(string));
        if (dictionary is null) return null;
        var valueType = dictionary.GetGenericArguments()[1];
        var method = typeof(ReadOnlyDictionaries).GetMethod(nameof(Read), BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(valueType);
        return (Func<object, IEnumerable<KeyValuePair<string, object?>>>)method.CreateDelegate(typeof(Func<object, IEnumerable<KeyValuePair<string, object?>>>));
    }

    private static IEnumerable<KeyValuePair<string, object?>> Read<T>(object value)
    {
        foreach (var (key, item) in (IReadOnlyDictionary<string, T>)value) yield return new KeyValuePair<string, object?>(key, item);
    }
}
