using Runner.Extensible.EndToEnd.Tests.Support;

namespace Runner.Extensible.EndToEnd.Tests.Http;

/// <summary>Runners reach the shared Vite server through <c>UseHttp(baseUrl, token)</c>.</summary>
public sealed class HttpFixture : ViteServerFixture
{
    public override string TransportName => "http";

    internal override void UseTransport(IModuleRunnerBuilder runner) => runner.UseHttp(Server.HttpUrl.ToString(), Token);
}
