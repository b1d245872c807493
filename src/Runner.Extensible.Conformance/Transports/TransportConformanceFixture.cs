using Microsoft.Extensions.DependencyInjection;
using Runner.Extensible.Conformance.Runtime;
using Runner.Extensible.Transports;

namespace Runner.Extensible.Conformance;

/// <summary>
/// The fixture of <see cref="TransportConformanceTests{TFixture}"/>: wire the transport in
/// <see cref="ConformanceFixture.ConfigureRunner"/> as a user would, pointing it at <see cref="Server"/>, for example
/// <c>builder.UseWebSocket(Server.WebSocketUrl.ToString(), Server.Token)</c>.
/// </summary>
/// <remarks>
/// <para>The kit starts a real Vite 8 dev server with the project's Vite plugin (<c>vite-plugin-runner-extensible</c>)
/// on a copy of its fixture app, through Node: it needs <c>node</c> on the PATH (or <see cref="NodeExecutable"/>) and
/// a folder whose <c>node_modules</c> has <c>vite</c> and <c>vite-plugin-runner-extensible</c> (found above the test
/// binaries or the working directory, or named by <see cref="ViteProjectDirectory"/> or the
/// <c>RUNNER_EXTENSIBLE_VITE_PROJECT</c> environment variable).</para>
/// <para><see cref="Server"/> is the server the current test runs against: read it inside <c>ConfigureRunner</c>
/// (or in delegates it registers), never cache it, because some tests point the transport at a server of their own
/// (one they stop and restart, or one that is gone).</para>
/// </remarks>
public abstract class TransportConformanceFixture : ConformanceFixture, IAsyncLifetime
{
    private readonly object _gate = new();
    private ConformanceViteServer? _shared;
    private ViteServerConnection? _current;

    /// <summary>The server the transport must connect to (valid while the kit builds a runner or a transport).</summary>
    public ViteServerConnection Server
    {
        get
        {
            lock (_gate) return _current ?? throw new InvalidOperationException("The transport suite's server has not started (the fixture is initialized by xunit before the tests run).");
        }
    }

    /// <summary>
    /// Whether the transport carries payloads the server pushes (implements <see cref="IDuplexTransport"/>: HMR
    /// updates, custom events). Default <c>true</c>; a request/response-only transport declares <c>false</c>.
    /// </summary>
    public virtual bool SupportsPush => true;

    /// <summary>Whether the transport reconnects by itself after losing the connection. Default <c>true</c>.</summary>
    public virtual bool SupportsReconnect => true;

    /// <summary>
    /// Whether the transport talks to the kit's server (<see cref="Server"/>). Default <c>true</c>; a transport that starts
    /// its own Vite (stdio) declares <c>false</c>, and the tests that command the server (broadcasts, edits, stopping it) skip.
    /// </summary>
    public virtual bool UsesTheKitsServer => true;

    /// <summary>The folder whose <c>node_modules</c> has vite and the plugin; <c>null</c> searches for it.</summary>
    public virtual string? ViteProjectDirectory => null;

    /// <summary>The Node executable. Default <c>node</c> (from the PATH).</summary>
    public virtual string NodeExecutable => "node";

    /// <summary>
    /// Starts a Vite server for the suite: by default a real Vite 8 with the project's plugin, run by Node on a fresh
    /// copy of the kit's fixture app. The kit's self-tests override it with an in-process server.
    /// </summary>
    public virtual async Task<ConformanceViteServer> StartServerAsync() =>
        await NodeViteServer.StartAsync(ViteProject.Find(ViteProjectDirectory), NodeExecutable).ConfigureAwait(false);

    /// <inheritdoc />
    public virtual async ValueTask InitializeAsync()
    {
        _shared = await StartServerAsync().ConfigureAwait(false);
        lock (_gate) _current = _shared.Connection;
    }

    /// <inheritdoc />
    public virtual async ValueTask DisposeAsync()
    {
        if (_shared is not null) await _shared.DisposeAsync().ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }

    /// <summary>The server the fixture started for every test.</summary>
    internal ConformanceViteServer SharedServer => _shared ?? throw new InvalidOperationException("The transport suite's server has not started.");

    /// <summary>Points <see cref="Server"/> at another connection until the returned scope ends.</summary>
    internal IDisposable UseServer(ViteServerConnection connection)
    {
        ViteServerConnection? previous;
        lock (_gate)
        {
            previous = _current;
            _current = connection;
        }
        return new Restore(this, previous);
    }

    /// <summary>Creates the transport the way a runner does, from the slot the seam filled (its container lives as long as the seam).</summary>
    internal IModuleRunnerTransport CreateTransport(SeamOptions seam)
    {
        var slot = seam.Options.Transport
            ?? throw new InvalidOperationException($"{PluginName}: ConfigureRunner left the transport slot empty; wire the transport with its Use* method (or builder.UseTransport(…)).");
        return slot.Factory(seam.Services) ?? throw new InvalidOperationException($"{PluginName}: the transport slot's factory returned null.");
    }

    private sealed class Restore(TransportConformanceFixture fixture, ViteServerConnection? previous) : IDisposable
    {
        public void Dispose()
        {
            lock (fixture._gate) fixture._current = previous;
        }
    }
}
