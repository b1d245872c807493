using Runner.Extensible.Hmr;

namespace Runner.Extensible.ImportMeta;

/// <summary>
/// What a module's <c>import.meta</c> holds, engine-neutral. An evaluator builds the script object from it
/// with the keys, in order: <c>filename</c>, <c>dirname</c>, <c>url</c>, <c>env</c>, <c>resolve</c>,
/// <c>glob</c>, then <see cref="AdditionalProperties"/>, then <c>hot</c> (an enumerable accessor, present
/// only when <see cref="Hot"/> is set).
/// </summary>
/// <remarks>
/// <c>env</c> throws <see cref="DynamicEnvAccessMessage"/> on any access (the server inlines
/// <c>import.meta.env.X</c> and assigns <c>import.meta.env</c> for modules that use it, replacing it);
/// <c>resolve</c> throws <see cref="ResolveNotSupportedMessage"/> unless <see cref="AdditionalProperties"/>
/// supplies a <c>resolve</c> delegate; <c>glob</c> throws <see cref="GlobMessage"/>. Values in
/// <see cref="AdditionalProperties"/> convert as described on <see cref="Scripting.IScriptObject"/>.
/// </remarks>
public sealed record ImportMetaDescriptor
{
    /// <summary>The module's <c>file://</c> URL.</summary>
    public required string Url { get; init; }

    /// <summary>The module's file path.</summary>
    public required string Filename { get; init; }

    /// <summary>The directory of <see cref="Filename"/>.</summary>
    public required string Dirname { get; init; }

    /// <summary>Extra members, for example <c>main = false</c> or a working <c>resolve</c>.</summary>
    public IReadOnlyDictionary<string, object?> AdditionalProperties { get; init; } = new Dictionary<string, object?>();

    /// <summary>The module's HMR context (<c>import.meta.hot</c>), or <c>null</c> when HMR is off.</summary>
    public IHotContext? Hot { get; init; }

    /// <summary>Thrown by dynamic access to <c>import.meta.env</c>.</summary>
    public const string DynamicEnvAccessMessage = "[module runner] Dynamic access of \"import.meta.env\" is not supported. Please, use \"import.meta.env.<key>\" instead.";

    /// <summary>Thrown by <c>import.meta.resolve</c> when not supported.</summary>
    public const string ResolveNotSupportedMessage = "[module runner] \"import.meta.resolve\" is not supported.";

    /// <summary>Thrown by <c>import.meta.glob</c>.</summary>
    public const string GlobMessage = "[module runner] \"import.meta.glob\" is statically replaced during file transformation. Make sure to reference it by the full name.";
}
