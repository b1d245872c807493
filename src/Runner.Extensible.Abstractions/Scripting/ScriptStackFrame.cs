using System.Text;

namespace Runner.Extensible.Scripting;

/// <summary>
/// One frame of a script stack trace, engine-neutral (the data of a V8 <c>CallSite</c>). Lines and
/// columns are 1-based as engines print them. <see cref="ToString"/> prints the frame like V8 does.
/// </summary>
public sealed record ScriptStackFrame
{
    /// <summary>The function's name, if any.</summary>
    public string? FunctionName { get; init; }

    /// <summary>The type of <c>this</c> for method calls (for example <c>Module</c>).</summary>
    public string? TypeName { get; init; }

    /// <summary>The property name the function was called through, if different from its name.</summary>
    public string? MethodName { get; init; }

    /// <summary>The script name or source URL.</summary>
    public string? FileName { get; init; }

    /// <summary>1-based line, if known.</summary>
    public int? LineNumber { get; init; }

    /// <summary>1-based column, if known.</summary>
    public int? ColumnNumber { get; init; }

    /// <summary>A native (engine built-in) frame.</summary>
    public bool IsNative { get; init; }

    /// <summary>A constructor call (<c>new X</c>).</summary>
    public bool IsConstructor { get; init; }

    /// <summary>A top-level call (no receiver).</summary>
    public bool IsToplevel { get; init; } = true;

    /// <summary>An <c>eval</c> frame.</summary>
    public bool IsEval { get; init; }

    /// <summary>An <c>await</c> continuation frame.</summary>
    public bool IsAsync { get; init; }

    /// <summary>A <c>Promise.all</c> element frame.</summary>
    public bool IsPromiseAll { get; init; }

    /// <summary>The element index for <see cref="IsPromiseAll"/>.</summary>
    public int? PromiseIndex { get; init; }

    /// <summary>Where the eval'd code came from, for eval frames.</summary>
    public string? EvalOrigin { get; init; }

    /// <summary>Formats the frame as V8's <c>CallSite.toString()</c> does (without the leading <c>at </c>).</summary>
    public override string ToString()
    {
        var location = FormatLocation();
        var prefix = IsAsync ? "async " : IsPromiseAll ? $"Promise.all (index {PromiseIndex})" : "";
        if (IsPromiseAll) return prefix;
        var line = new StringBuilder(prefix);
        var isMethodCall = !(IsToplevel || IsConstructor);
        if (isMethodCall)
        {
            if (!string.IsNullOrEmpty(FunctionName))
            {
                if (TypeName is not null && !FunctionName.StartsWith(TypeName + ".", StringComparison.Ordinal))
                    line.Append(TypeName).Append('.');
                line.Append(FunctionName);
                if (MethodName is not null && !FunctionName.EndsWith("." + MethodName, StringComparison.Ordinal) && FunctionName != MethodName)
                    line.Append(" [as ").Append(MethodName).Append(']');
            }
            else
            {
                line.Append(TypeName).Append('.').Append(MethodName ?? "<anonymous>");
            }
        }
        else if (IsConstructor)
        {
            line.Append("new ").Append(string.IsNullOrEmpty(FunctionName) ? "<anonymous>" : FunctionName);
        }
        else if (!string.IsNullOrEmpty(FunctionName))
        {
            line.Append(FunctionName);
        }
        else
        {
            line.Append(location);
            return line.ToString();
        }
        line.Append(" (").Append(location).Append(')');
        return line.ToString();
    }

    private string FormatLocation()
    {
        if (IsNative) return "native";
        var file = FileName;
        var location = new StringBuilder();
        if (file is null && IsEval)
        {
            location.Append(EvalOrigin).Append(", ");
        }
        location.Append(file ?? "<anonymous>");
        if (LineNumber is { } line)
        {
            location.Append(':').Append(line);
            if (ColumnNumber is { } column and > 0) location.Append(':').Append(column);
        }
        return location.ToString();
    }

    /// <summary>Formats a whole stack as V8 does: the header line, then <c>\n    at &lt;frame&gt;</c> per frame.</summary>
    /// <param name="header">The first line, usually <c>Name: message</c>.</param>
    /// <param name="frames">The frames, innermost first.</param>
    public static string FormatStack(string header, IEnumerable<ScriptStackFrame> frames)
    {
        var builder = new StringBuilder(header);
        foreach (var frame in frames)
            builder.Append("\n    at ").Append(frame);
        return builder.ToString();
    }
}
