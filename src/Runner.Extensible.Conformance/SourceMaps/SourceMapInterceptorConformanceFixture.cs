using Microsoft.Extensions.DependencyInjection;
using Runner.Extensible.SourceMaps;

namespace Runner.Extensible.Conformance;

/// <summary>
/// The fixture of <see cref="SourceMapInterceptorConformanceTests{TFixture}"/>: wire the interceptor in
/// <see cref="ConformanceFixture.ConfigureRunner"/> as a user would, for example
/// <c>builder.UseSourceMapInterceptor(_ =&gt; new MyInterceptor())</c> (or the plugin's own <c>Use*</c> method).
/// </summary>
public abstract class SourceMapInterceptorConformanceFixture : ConformanceFixture
{
    /// <summary>
    /// Whether the interceptor maps the frames of a script file that carries an inline source map (a
    /// <c>//# sourceMappingURL=data:…</c> comment, as Vite emits), reading the file itself. Default <c>true</c>.
    /// </summary>
    public virtual bool MapsScriptFilesWithInlineSourceMaps => true;

    /// <summary>Creates the interceptor the way a runner does: from the slot the seam filled, or the container's registration.</summary>
    internal ISourceMapInterceptor CreateInterceptor(Runtime.SeamOptions seam)
    {
        if (seam.Options.SourceMapInterceptor is { } factory)
            return factory(seam.Services) ?? throw new InvalidOperationException($"{PluginName}: the source-map interceptor slot's factory returned null.");
        return seam.Services.GetService<ISourceMapInterceptor>()
            ?? throw new InvalidOperationException(
                $"{PluginName}: ConfigureRunner left the source-map interceptor slot empty and registered no ISourceMapInterceptor; wire it with builder.UseSourceMapInterceptor(…) (or the plugin's Use* method).");
    }
}
