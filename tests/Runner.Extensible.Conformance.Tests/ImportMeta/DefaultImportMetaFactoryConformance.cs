using Runner.Extensible.ImportMeta;

namespace Runner.Extensible.Conformance.Tests.ImportMeta;

/// <summary>The core's default factory, wired as a user would replace the factory: it passes the suite.</summary>
public sealed class DefaultImportMetaFactoryFixture : ImportMetaFactoryConformanceFixture
{
    protected override void ConfigureRunner(IModuleRunnerBuilder builder) => builder.UseImportMetaFactory(_ => new DefaultImportMetaFactory());
}

public sealed class DefaultImportMetaFactoryConformance(DefaultImportMetaFactoryFixture fixture)
    : ImportMetaFactoryConformanceTests<DefaultImportMetaFactoryFixture>(fixture);
