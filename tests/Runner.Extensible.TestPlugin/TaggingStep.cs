using System.Text.Json;

namespace Runner.Extensible.TestPlugin;

/// <summary>An invoke step that marks each call as having passed through the test plugin.</summary>
internal sealed class TaggingStep : IInvokeStep
{
    public ValueTask<JsonElement> InvokeAsync(InvokeContext context, InvokeHandler next)
    {
        context.Items["Runner.Extensible.TestPlugin"] = true;
        return next(context);
    }
}
