using Runner.Extensible.Transports.Tests.Support;

namespace Runner.Extensible.EndToEnd.Tests.Http;

/// <summary>Server failures over <c>UseHttp</c>.</summary>
public sealed class HttpServerFailureTests : ServerFailureTests
{
    internal override void UseTransport(IModuleRunnerBuilder runner, ViteServer server, string token) =>
        runner.UseHttp(server.HttpUrl.ToString(), token);
}
