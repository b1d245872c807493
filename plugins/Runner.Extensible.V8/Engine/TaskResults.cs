using System.Collections.Concurrent;
using System.Reflection;

namespace Runner.Extensible.V8.Engine;

/// <summary>Reads the result of a completed <see cref="Task"/> or <see cref="Task{TResult}"/> without knowing T.</summary>
internal static class TaskResults
{
    private static readonly ConcurrentDictionary<Type, Func<Task, object?>> Readers = new();

    public static object? Read(Task task)
    {
        var type = task.GetType();
        if (task is Task<object?> objectTask) return objectTask.Result;
        var reader = Readers.GetOrAdd(type, static t =>
        {
            for (var current = t; current is not null && current != typeof(Task); current = current.BaseType)
            {
                if (current.IsGenericType && current.GetGenericTypeDefinition() == typeof(Task<>))
                {
                    var property = current.GetProperty(nameof(Task<object>.Result), BindingFlags.Public | BindingFlags.Instance)!;
                    // Task<VoidTaskResult> (what async Task methods return) has no meaningful result.
                    if (current.GetGenericArguments()[0].Name == "VoidTaskResult") return static _ => JsUndefined.Value;
                    return task => property.GetValue(task);
                }
            }
            return static _ => JsUndefined.Value;
        });
        return reader(task);
    }

    /// <summary>Views a ValueTask or ValueTask&lt;T&gt; boxed in an object as a Task, or null for other values.</summary>
    public static Task? FromValueTask(object value)
    {
        if (value is ValueTask vt) return vt.AsTask();
        var type = value.GetType();
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ValueTask<>))
            return (Task)type.GetMethod(nameof(ValueTask<object>.AsTask))!.Invoke(value, null)!;
        return null;
    }
}
