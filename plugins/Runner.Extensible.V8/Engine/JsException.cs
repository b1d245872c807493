namespace Runner.Extensible.V8.Engine;

/// <summary>A JavaScript exception surfaced in .NET: the error's name, message, code and JS stack.</summary>
internal sealed class JsException : Exception
{
    internal JsException(string? name, string jsMessage, string? jsStack, string? code, object? thrownValue, nint thrownHandle, long callbackSerial)
        : base(name is null ? jsMessage : $"{name}: {jsMessage}")
    {
        JsName = name;
        JsMessage = jsMessage;
        JsStack = jsStack;
        Code = code;
        ThrownValue = thrownValue;
        ThrownHandle = thrownHandle;
        CallbackSerial = callbackSerial;
    }

    /// <summary>The error's <c>name</c> (<c>TypeError</c>, ...), or null when a non-Error was thrown.</summary>
    public string? JsName { get; }

    /// <summary>The error's <c>message</c>, or the thrown value as a string.</summary>
    public string JsMessage { get; }

    /// <summary>The error's <c>stack</c> as JavaScript formatted it.</summary>
    public string? JsStack { get; }

    /// <summary>The error's <c>code</c> property when it is a string (Node's errors carry one).</summary>
    public string? Code { get; }

    /// <summary>The thrown value converted to .NET when it was not an Error object (e.g. <c>throw 42</c>).</summary>
    public object? ThrownValue { get; }

    // The thrown JS value; valid only inside the callback identified by CallbackSerial, where it is
    // rethrown unchanged if .NET lets the exception pass.
    internal nint ThrownHandle { get; }
    internal long CallbackSerial { get; }

    /// <inheritdoc />
    public override string? StackTrace => JsStack is null ? base.StackTrace : JsStack + Environment.NewLine + "   --- .NET ---" + Environment.NewLine + base.StackTrace;
}
