using Runner.Extensible.Scripting;
using Runner.Extensible.SourceMaps;
using Runner.Extensible.V8.Engine;
using Runner.Extensible.V8.Engine.Native;

namespace Runner.Extensible.V8.Evaluator;

/// <summary>
/// The .NET half of the runtime's <c>Error.prepareStackTrace</c>: turns V8 call sites into
/// <see cref="ScriptStackFrame"/>s, lets the runner's interceptor map them and formats the stack.
/// </summary>
internal sealed class StackTraceMapper(ISourceMapInterceptor interceptor)
{
    // Fields per call site, in the order evaluator-runtime.js writes them.
    private const int FieldCount = 9;
    private const int Native = 1, Constructor = 2, Toplevel = 4, Eval = 8, Async = 16, PromiseAll = 32;

    public JsValue Map(JsContext context, JsCallbackArgs args)
    {
        var header = context.GetString(args[0]);
        var data = args[1];
        var count = context.GetArrayLength(data) / FieldCount;
        var frames = new ScriptStackFrame[count];
        for (var i = 0; i < count; i++) frames[i] = ReadFrame(context, data, i * FieldCount);

        IReadOnlyList<ScriptStackFrame> mapped;
        try
        {
            mapped = interceptor.MapStackTrace(frames);
        }
        catch (Exception)
        {
            // A faulty interceptor must not hide the error itself.
            mapped = frames;
        }
        return context.CreateString(ScriptStackFrame.FormatStack(header, mapped));
    }

    private static ScriptStackFrame ReadFrame(JsContext context, JsValue data, int offset)
    {
        var flags = (int)Number(context, context.GetElement(data, offset + 6))!.Value;
        return new ScriptStackFrame
        {
            FunctionName = Text(context, context.GetElement(data, offset)),
            TypeName = Text(context, context.GetElement(data, offset + 1)),
            MethodName = Text(context, context.GetElement(data, offset + 2)),
            FileName = Text(context, context.GetElement(data, offset + 3)),
            LineNumber = (int?)Number(context, context.GetElement(data, offset + 4)),
            ColumnNumber = (int?)Number(context, context.GetElement(data, offset + 5)),
            IsNative = (flags & Native) != 0,
            IsConstructor = (flags & Constructor) != 0,
            IsToplevel = (flags & Toplevel) != 0,
            IsEval = (flags & Eval) != 0,
            IsAsync = (flags & Async) != 0,
            IsPromiseAll = (flags & PromiseAll) != 0,
            PromiseIndex = (int?)Number(context, context.GetElement(data, offset + 7)),
            EvalOrigin = Text(context, context.GetElement(data, offset + 8)),
        };
    }

    private static string? Text(JsContext context, JsValue value) =>
        context.TypeOf(value) == NapiValueType.String ? context.GetString(value) : null;

    private static double? Number(JsContext context, JsValue value) =>
        context.TypeOf(value) == NapiValueType.Number ? context.GetNumber(value) : null;
}
