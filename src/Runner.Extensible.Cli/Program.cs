using System.CommandLine;
using System.Runtime.InteropServices;
using Runner.Extensible.Cli.Commands;
using Runner.Extensible.Cli.Output;
using Runner.Extensible.Cli.Running;

var output = ToolOutput.ForConsole();
var run = new RunCommand();
var root = new RootCommand("vite-dotnet: run TypeScript and JavaScript through Vite in V8 embedded in .NET.") { run };

using var interrupt = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // The first Ctrl+C ends the run cleanly (Vite is stopped); a second one ends the process at once.
    if (interrupt.IsCancellationRequested) return;
    e.Cancel = true;
    interrupt.Cancel();
};
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    interrupt.Cancel();
});

run.SetAction(async (parse, _) =>
{
    var settings = run.Read(parse, Directory.GetCurrentDirectory());
    return await new EntryRun(settings, output).ExecuteAsync(interrupt.Token);
});

var parseResult = root.Parse(args);
if (parseResult.Errors.Count > 0 && !IsHelp(parseResult))
{
    output.Error($"{parseResult.Errors[0].Message} (see vite-dotnet {(parseResult.CommandResult.Command == run ? "run " : "")}--help)");
    return ExitCodes.BadArguments;
}

try
{
    // Signals are handled above, so that stopping Vite is part of the run rather than a race with the process exit.
    return await parseResult.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null, EnableDefaultExceptionHandler = false });
}
catch (CliFailure failure)
{
    output.Error(failure.Message);
    return failure.ExitCode;
}

static bool IsHelp(ParseResult parse) => parse.Tokens.Any(t => t.Value is "--help" or "-h" or "-?");
