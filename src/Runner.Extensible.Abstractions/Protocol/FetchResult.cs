using System.Text.Json.Serialization;

namespace Runner.Extensible.Protocol;

/// <summary>
/// The result of the server's <c>fetchModule</c> method: one of
/// <see cref="CachedFetchResult"/>, <see cref="ExternalFetchResult"/> or <see cref="InlinedFetchResult"/>.
/// </summary>
[JsonConverter(typeof(FetchResultJsonConverter))]
public abstract record FetchResult;

/// <summary><c>{"cache":true}</c>: the runner's copy (it sent <c>cached:true</c>) is still current.</summary>
public sealed record CachedFetchResult : FetchResult;

/// <summary><c>{"externalize":…,"type":…}</c>: the runner loads the module itself (builtins, packages, network, data URLs).</summary>
/// <param name="Externalize">The specifier or <c>file://</c> URL to load.</param>
/// <param name="ExternalType"><c>builtin</c>, <c>network</c>, <c>module</c> or <c>commonjs</c>.</param>
public sealed record ExternalFetchResult(string Externalize, string ExternalType) : FetchResult;

/// <summary><c>{"code":…,"file":…,"id":…,"url":…,"invalidate":…}</c>: transformed code to evaluate.</summary>
/// <param name="Code">The transformed code (with the inline source map appended), or <c>null</c> when the server had none.</param>
/// <param name="File">The module's file (for virtual modules, the id); may be <c>null</c>.</param>
/// <param name="Id">The server's module id.</param>
/// <param name="Url">The server graph's URL for the module.</param>
/// <param name="Invalidate"><c>true</c> when the server had to (re)transform, so a held copy is stale.</param>
public sealed record InlinedFetchResult(string? Code, string? File, string Id, string Url, bool Invalidate) : FetchResult;

/// <summary>The options argument of <c>fetchModule</c>.</summary>
/// <param name="Cached">Whether the runner already holds this exact URL.</param>
/// <param name="StartOffset">The evaluator's <c>startOffset</c>; omitted from the JSON when <c>null</c>.</param>
public sealed record FetchModuleOptions(
    [property: JsonPropertyName("cached")] bool Cached,
    [property: JsonPropertyName("startOffset"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? StartOffset);
