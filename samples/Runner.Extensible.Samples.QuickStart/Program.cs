using Microsoft.Extensions.DependencyInjection;
using Runner.Extensible;
using Runner.Extensible.Scripting;

var services = new ServiceCollection();
services.AddLogging();
services.AddModuleRunner(runner => runner
    .UseV8()                       // evaluate modules in V8, inside this process
    .UseStdio("examples/hello"));  // start Vite over stdio in that project (run from the repository root)

await using var provider = services.BuildServiceProvider();
var modules = provider.GetRequiredService<IModuleRunner>();

// Vite transforms the TypeScript; the exports are live .NET views of the module's values.
var greet = await modules.ImportAsync("/src/greet.ts");
var text = await greet.InvokeAsync<string>("greet", new Dictionary<string, object?> { ["name"] = ".NET", ["excited"] = true });
Console.WriteLine(text); // Hello, .NET!
