using Runner.Extensible.Hmr;

namespace Runner.Extensible.TestPlugin;

/// <summary>An HMR logger for the contract-scanning tests to find.</summary>
internal sealed class PluginHmrLogger : IHmrLogger
{
    public void Debug(string message)
    {
    }

    public void Error(string message, Exception? exception = null)
    {
    }
}
