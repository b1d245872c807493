using Runner.Extensible;
using Runner.Extensible.Conformance;

namespace Company.RunnerPlugin.Tests;

/// <summary>Wires the factory the way a user does, with members of each shape it accepts.</summary>
public sealed class ImportMetaMembersFixture : ImportMetaFactoryConformanceFixture
{
    /// <inheritdoc />
    protected override void ConfigureRunner(IModuleRunnerBuilder builder) =>
        builder.UseImportMetaMembers(o =>
        {
            o.Members["ssr"] = true;
            o.Members["app"] = new Dictionary<string, object?> { ["name"] = "conformance", ["version"] = "1.0.0", ["build"] = 42 };
            o.Members["features"] = new[] { "hmr", "source-maps" };
        });
}

/// <summary>The kit's import.meta factory suite (IMF-*), run against this factory.</summary>
public sealed class ImportMetaMembersConformance(ImportMetaMembersFixture fixture)
    : ImportMetaFactoryConformanceTests<ImportMetaMembersFixture>(fixture);
