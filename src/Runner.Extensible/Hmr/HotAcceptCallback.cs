using Runner.Extensible.Scripting;

namespace Runner.Extensible.Hmr;

/// <summary>One registered accept (Vite's <c>HotCallback</c>): the accepted URLs and the callback, if any.</summary>
/// <param name="Dependencies">The accepted module URLs.</param>
/// <param name="Callback">Called with one array argument aligned with <paramref name="Dependencies"/>; <c>null</c> for a bare <c>accept()</c>.</param>
/// <param name="ExportNames">The names given to <c>acceptExports</c>, else <c>null</c>.</param>
internal sealed record HotAcceptCallback(IReadOnlyList<string> Dependencies, IScriptFunction? Callback, IReadOnlyList<string>? ExportNames);
