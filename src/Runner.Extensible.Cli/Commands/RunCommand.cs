using System.CommandLine;
using System.Text;
using Runner.Extensible.Cli.Running;

namespace Runner.Extensible.Cli.Commands;

/// <summary>The <c>run</c> command: its arguments, help text and what they turn into (<see cref="RunSettings"/>).</summary>
internal sealed class RunCommand : Command
{
    private readonly Argument<string> _entry = new("entry") { Description = "The .ts or .js file to run (a path)." };

    private readonly Option<string?> _root = new("--root")
    {
        Description = "The Vite project root. Default: the nearest folder above the entry with a vite.config.*, else with a package.json, else the current directory.",
        HelpName = "dir",
    };

    private readonly Option<string?> _config = new("--config", "-c")
    {
        Description = "The Vite config file (stdio only; a running server has loaded its own). Default: Vite's lookup in the root.",
        HelpName = "file",
    };

    private readonly Option<string> _transport = new("--transport", "-t")
    {
        Description = "How to reach Vite: stdio starts Vite itself (no server needed); ws and http connect to a running dev server that uses vite-plugin-runner-extensible.",
        DefaultValueFactory = _ => "stdio",
        HelpName = "stdio|ws|http",
    };

    private readonly Option<string?> _server = new("--server")
    {
        Description = "The running server for ws/http: its address (http://127.0.0.1:5173) or the plugin endpoint URL. Default: read from the connection file.",
        HelpName = "url",
    };

    private readonly Option<string?> _token = new("--token") { Description = "The plugin's token for ws/http (with --server).", HelpName = "token" };

    private readonly Option<string?> _connectionFile = new("--connection-file")
    {
        Description = "The plugin's connection file for ws/http (URLs and token). Default: <root>/node_modules/.runner-extensible/dotnet.json.",
        HelpName = "file",
    };

    private readonly Option<bool> _watch = new("--watch", "-w")
    {
        Description = "Keep running: edits re-run through HMR (modules that accept updates are replaced in place, others re-run the entry). Ctrl+C ends.",
    };

    private readonly Option<bool> _verbose = new("--verbose", "-v") { Description = "Log what happens (Vite's output, connections) and print import timings." };

    private readonly Option<bool> _noNodeApis = new("--no-node-apis")
    {
        Description = "Run modules in a bare V8 context with web globals only (no process, require, Buffer); Vite then bundles dependencies instead of externalizing them.",
    };

    public RunCommand()
        : base("run", Describe())
    {
        Arguments.Add(_entry);
        Options.Add(_root);
        Options.Add(_config);
        Options.Add(_transport);
        Options.Add(_server);
        Options.Add(_token);
        Options.Add(_connectionFile);
        Options.Add(_watch);
        Options.Add(_verbose);
        Options.Add(_noNodeApis);
    }

    /// <summary>Turns a parse result into settings; throws <see cref="CliFailure"/> with the first problem found.</summary>
    public RunSettings Read(ParseResult parse, string currentDirectory)
    {
        var transport = parse.GetValue(_transport) switch
        {
            "stdio" => TransportKind.Stdio,
            "ws" or "websocket" => TransportKind.WebSocket,
            "http" => TransportKind.Http,
            var other => throw Usage($"--transport must be stdio, ws or http, not \"{other}\""),
        };
        var server = parse.GetValue(_server);
        var token = parse.GetValue(_token);
        var connectionFile = parse.GetValue(_connectionFile);
        var config = parse.GetValue(_config);
        var rootOption = parse.GetValue(_root);

        if (transport == TransportKind.Stdio)
        {
            if (server is not null) throw Usage("--server needs --transport ws or http (stdio starts its own Vite)");
            if (token is not null) throw Usage("--token needs --transport ws or http");
            if (connectionFile is not null) throw Usage("--connection-file needs --transport ws or http");
        }
        else
        {
            if (config is not null) throw Usage("--config applies to --transport stdio only (a running server has loaded its own config)");
            if (token is not null && connectionFile is not null) throw Usage("give either --token or --connection-file, not both");
            if (token is not null && server is null) throw Usage("--token needs --server");
            if (server is not null && token is null && connectionFile is null) throw Usage("--server needs --token (or --connection-file to read it from)");
        }

        var entryText = parse.GetValue(_entry)!;
        var entry = Path.GetFullPath(entryText, currentDirectory);
        if (!File.Exists(entry))
            throw new CliFailure(ExitCodes.EntryNotFound, Directory.Exists(entry) ? $"the entry {entry} is a folder; give the .ts or .js file to run" : $"entry file not found: {entry}");

        string root;
        if (rootOption is not null)
        {
            root = Path.GetFullPath(rootOption, currentDirectory);
            if (!Directory.Exists(root)) throw Usage($"--root {root} is not a folder");
        }
        else
        {
            root = ProjectRoot.Find(Path.GetDirectoryName(entry)!, currentDirectory);
        }

        string? configPath = null;
        if (config is not null)
        {
            configPath = Path.GetFullPath(config, currentDirectory);
            if (!File.Exists(configPath)) throw Usage($"--config {configPath} does not exist");
        }

        Uri? serverUri = null;
        if (server is not null) serverUri = ServerAddress.Parse(server, transport) ?? throw Usage($"--server \"{server}\" is not an http(s):// or ws(s):// URL");

        string? connectionPath = null;
        if (connectionFile is not null)
        {
            connectionPath = Path.GetFullPath(connectionFile, currentDirectory);
            if (!File.Exists(connectionPath)) throw Usage($"--connection-file {connectionPath} does not exist");
        }
        else if (transport != TransportKind.Stdio && serverUri is null)
        {
            connectionPath = Path.Combine(root, "node_modules", ".runner-extensible", "dotnet.json");
            if (!File.Exists(connectionPath))
                throw new CliFailure(ExitCodes.ServerUnavailable,
                    $"no running Vite server found for {root} ({connectionPath} does not exist): start Vite with vite-plugin-runner-extensible there, or pass --server and --token");
        }

        return new RunSettings
        {
            EntryPath = entry,
            Root = root,
            ConfigFile = configPath,
            Transport = transport,
            Server = serverUri,
            Token = token,
            ConnectionFile = connectionPath,
            Watch = parse.GetValue(_watch),
            Verbose = parse.GetValue(_verbose),
            NodeApis = !parse.GetValue(_noNodeApis),
        };
    }

    private static CliFailure Usage(string message) => new(ExitCodes.BadArguments, message);

    private static string Describe()
    {
        var text = new StringBuilder()
            .AppendLine("Runs a TypeScript or JavaScript entry through Vite in V8 embedded in .NET, as vite-node does in Node.")
            .AppendLine("Module output streams to stdout/stderr; the tool's own lines go to stderr. Exit codes:");
        foreach (var (code, meaning) in ExitCodes.Documented)
            text.AppendLine(code < 0 ? $"  n    {meaning}" : $"  {code,-4} {meaning}");
        return text.ToString().TrimEnd();
    }
}
