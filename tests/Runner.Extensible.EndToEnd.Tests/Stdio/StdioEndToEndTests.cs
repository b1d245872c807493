namespace Runner.Extensible.EndToEnd.Tests.Stdio;

/// <summary>The end-to-end tests over <c>UseStdio</c> (each runner starts its own Vite).</summary>
public sealed class StdioEndToEndTests(StdioFixture fixture) : RunnerEndToEndTests<StdioFixture>(fixture), IClassFixture<StdioFixture>;
