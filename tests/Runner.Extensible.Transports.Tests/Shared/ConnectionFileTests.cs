using Runner.Extensible.Transports.Shared;

namespace Runner.Extensible.Transports.Tests.Shared;

public sealed class ConnectionFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("rx-connection-file-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Write(string json)
    {
        var file = Path.Combine(_directory, "dotnet.json");
        File.WriteAllText(file, json);
        return file;
    }

    [Fact]
    public void Reads_what_the_plugin_writes()
    {
        var file = Write("""
            {
              "protocol": 1,
              "environment": "dotnet",
              "viteVersion": "8.3.8",
              "pid": 4242,
              "root": "/abs/project",
              "token": "abc_DEF-123",
              "websocket": "ws://127.0.0.1:5173/@runner-extensible/ws",
              "http": null
            }
            """);

        var read = ConnectionFile.Read(file);

        read.ShouldBe(new ConnectionFile(file, "abc_DEF-123", new Uri("ws://127.0.0.1:5173/@runner-extensible/ws"), null, "dotnet", 4242));
    }

    [Fact]
    public void A_file_without_a_token_is_reported_as_not_the_plugins()
    {
        var file = Write("""{"websocket":"ws://127.0.0.1:1/x"}""");

        var failure = Should.Throw<TransportException>(() => ConnectionFile.Read(file));

        failure.Message.ShouldContain("is not what the runner-extensible plugin writes (it has no \"token\")");
        failure.Message.ShouldContain("restart the Vite dev server");
    }

    [Fact]
    public void The_default_path_is_under_node_modules()
    {
        ConnectionFile.DefaultPath("/srv/app").ShouldBe("/srv/app/node_modules/.runner-extensible/dotnet.json");
        ConnectionFile.DefaultPath("/srv/app", "ssr").ShouldBe("/srv/app/node_modules/.runner-extensible/ssr.json");
    }
}
