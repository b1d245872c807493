using Runner.Extensible.Graph;
using Runner.Extensible.SourceMaps;

namespace Runner.Extensible.Conformance.Tests.SourceMaps;

/// <summary>
/// The core's interceptor, wired as a user would replace the interceptor (outside a runner it has no module graph
/// of its own, so it maps script files through their own source maps): it passes the suite.
/// </summary>
public sealed class DefaultSourceMapInterceptorFixture : SourceMapInterceptorConformanceFixture
{
    protected override void ConfigureRunner(IModuleRunnerBuilder builder) =>
        builder.UseSourceMapInterceptor(_ => new SourceMapInterceptor(new EvaluatedModules(), [], []));
}

public sealed class DefaultSourceMapInterceptorConformance(DefaultSourceMapInterceptorFixture fixture)
    : SourceMapInterceptorConformanceTests<DefaultSourceMapInterceptorFixture>(fixture);
