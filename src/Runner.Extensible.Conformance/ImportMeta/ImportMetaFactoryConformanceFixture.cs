using Runner.Extensible.ImportMeta;

namespace Runner.Extensible.Conformance;

/// <summary>
/// The fixture of <see cref="ImportMetaFactoryConformanceTests{TFixture}"/>: wire the factory in
/// <see cref="ConformanceFixture.ConfigureRunner"/> as a user would, for example
/// <c>builder.UseImportMetaFactory(_ =&gt; new MyImportMetaFactory())</c> (or the plugin's own <c>Use*</c> method).
/// </summary>
public abstract class ImportMetaFactoryConformanceFixture : ConformanceFixture
{
    /// <summary>Creates the factory the way a runner does: from the slot the seam filled, or the container's registration.</summary>
    internal IImportMetaFactory CreateFactory(Runtime.SeamOptions seam)
    {
        if (seam.Options.ImportMetaFactory is { } factory)
            return factory(seam.Services) ?? throw new InvalidOperationException($"{PluginName}: the import.meta factory slot's factory returned null.");
        return seam.Services.GetService(typeof(IImportMetaFactory)) as IImportMetaFactory
            ?? throw new InvalidOperationException(
                $"{PluginName}: ConfigureRunner left the import.meta factory slot empty and registered no IImportMetaFactory; wire the factory with builder.UseImportMetaFactory(…) (or the plugin's Use* method).");
    }
}
