namespace Runner.Extensible.EndToEnd.Tests.Http;

/// <summary>The end-to-end tests over <c>UseHttp</c>.</summary>
public sealed class HttpEndToEndTests(HttpFixture fixture) : RunnerEndToEndTests<HttpFixture>(fixture), IClassFixture<HttpFixture>;
