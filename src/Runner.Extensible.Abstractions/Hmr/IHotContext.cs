using System.Text.Json;
using Runner.Extensible.Scripting;

namespace Runner.Extensible.Hmr;

/// <summary>
/// A module's <c>import.meta.hot</c> (Vite's <c>HMRContext</c>), implemented by the core's HMR client and
/// exposed by the evaluator as a script object whose methods call these members.
/// </summary>
/// <remarks>
/// <para>The script-facing <c>accept</c> is overloaded; the evaluator maps it as Vite does:
/// <c>accept()</c> / <c>accept(cb)</c> → <see cref="AcceptDependencies"/>(<c>[OwnerPath]</c>, <c>mods =&gt; cb?.(mods[0])</c>);
/// <c>accept("dep", cb)</c> → <see cref="AcceptDependencies"/>(<c>["dep"]</c>, <c>mods =&gt; cb?.(mods[0])</c>);
/// <c>accept([deps], cb)</c> → <see cref="AcceptDependencies"/>(<c>deps</c>, <c>cb</c>); anything else throws
/// <c>invalid hot.accept() usage.</c>. The callbacks given here receive one argument: an array aligned
/// with the dependencies holding the new module for the updated one and <c>undefined</c> for the others.</para>
/// <para>Members are called on the evaluator's engine thread and never block.</para>
/// </remarks>
public interface IHotContext
{
    /// <summary>The module URL this context belongs to.</summary>
    string OwnerPath { get; }

    /// <summary><c>hot.data</c>: persists across updates of this module.</summary>
    HotData Data { get; }

    /// <summary>Registers an accept callback for <paramref name="dependencies"/> (module URLs as the server rewrote them).</summary>
    /// <param name="dependencies">The accepted URLs.</param>
    /// <param name="callback">Called with one array argument after the update, or <c>null</c>.</param>
    void AcceptDependencies(IReadOnlyList<string> dependencies, IScriptFunction? callback);

    /// <summary><c>hot.acceptExports(names, cb)</c>: accepts updates of this module that change only these exports.</summary>
    /// <param name="exportNames">The export names.</param>
    /// <param name="callback">Called like an <see cref="AcceptDependencies"/> callback (one array argument; the evaluator unwraps it for script callers), or <c>null</c>.</param>
    void AcceptExports(IReadOnlyList<string> exportNames, IScriptFunction? callback);

    /// <summary><c>hot.dispose(cb)</c>: called with <c>hot.data</c> before the module is replaced.</summary>
    /// <param name="callback">The callback.</param>
    void Dispose(IScriptFunction callback);

    /// <summary><c>hot.prune(cb)</c>: called with <c>hot.data</c> when the module is pruned.</summary>
    /// <param name="callback">The callback.</param>
    void Prune(IScriptFunction callback);

    /// <summary><c>hot.decline()</c>: does nothing, as in Vite.</summary>
    void Decline();

    /// <summary><c>hot.invalidate(message)</c>: asks the server to propagate the update to importers.</summary>
    /// <param name="message">An optional reason.</param>
    void Invalidate(string? message);

    /// <summary><c>hot.on(event, cb)</c>: listens for a custom or <c>vite:*</c> event; the callback gets the event data.</summary>
    /// <param name="eventName">The event.</param>
    /// <param name="callback">The listener.</param>
    void On(string eventName, IScriptFunction callback);

    /// <summary><c>hot.off(event, cb)</c>: removes a listener added by <see cref="On"/>.</summary>
    /// <param name="eventName">The event.</param>
    /// <param name="callback">The listener (compared with <see cref="object.Equals(object)"/>).</param>
    void Off(string eventName, IScriptFunction callback);

    /// <summary><c>hot.send(event, data)</c>: sends a custom event to the server. A send failure is logged, not thrown.</summary>
    /// <param name="eventName">The event.</param>
    /// <param name="data">The data, serialized to JSON by the evaluator, or <c>null</c>.</param>
    void Send(string eventName, JsonElement? data);
}
