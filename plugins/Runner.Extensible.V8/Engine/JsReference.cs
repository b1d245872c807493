namespace Runner.Extensible.V8.Engine;

/// <summary>
/// Keeps a JavaScript value alive across work items (<c>napi_ref</c>). Dispose it (from any
/// thread) when done; the release is posted to the environment's thread, and a reference that
/// outlives its environment was already freed by Node.
/// </summary>
internal sealed class JsReference : IDisposable
{
    private nint _handle;

    internal JsReference(NodeEnvironment environment, nint handle)
    {
        Environment = environment;
        _handle = handle;
    }

    ~JsReference() => Release();

    public NodeEnvironment Environment { get; }

    internal nint Handle => Volatile.Read(ref _handle);

    public bool IsDisposed => Handle == 0;

    public void Dispose()
    {
        Release();
        GC.SuppressFinalize(this);
    }

    private void Release()
    {
        var handle = Interlocked.Exchange(ref _handle, 0);
        if (handle != 0) Environment.ReleaseReference(handle);
    }
}
