using Runner.Extensible;
using Runner.Extensible.Conformance;

namespace Company.RunnerPlugin.Tests;

/// <summary>Wires the interceptor the way a user does. It reads scripts' maps from disk, so the kit's file-based guarantees apply.</summary>
public sealed class SourceMapFilesFixture : SourceMapInterceptorConformanceFixture
{
    /// <inheritdoc />
    protected override void ConfigureRunner(IModuleRunnerBuilder builder) =>
        builder.UseSourceMapFiles(o => o.PathMappings["/nowhere-the-kit-writes/"] = "/elsewhere/");
}

/// <summary>The kit's source-map interceptor suite (SMI-*), run against this interceptor.</summary>
public sealed class SourceMapFilesConformance(SourceMapFilesFixture fixture)
    : SourceMapInterceptorConformanceTests<SourceMapFilesFixture>(fixture);
