namespace Runner.Extensible.EndToEnd.Tests.WebSocket;

/// <summary>The end-to-end tests over <c>UseWebSocket</c>.</summary>
public sealed class WebSocketEndToEndTests(WebSocketFixture fixture) : RunnerEndToEndTests<WebSocketFixture>(fixture), IClassFixture<WebSocketFixture>;
