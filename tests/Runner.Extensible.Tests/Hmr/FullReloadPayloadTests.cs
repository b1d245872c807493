using Runner.Extensible.Protocol;
using Runner.Extensible.Scripting;
using Runner.Extensible.Tests.Hmr.Fakes;

namespace Runner.Extensible.Tests.Hmr;

/// <summary>The <c>full-reload</c> payload (vite-protocol.md §2.2).</summary>
public sealed class FullReloadPayloadTests
{
    private const string Root = "/work/app";

    /// <summary>
    /// main.js imports shared.js and leaf.js; other-entry.js imports shared.js; lonely.js is a root of its own.
    /// Ids are file paths, URLs are server URLs, as a runner stores them.
    /// </summary>
    private static HmrTestBed GraphBed()
    {
        var bed = new HmrTestBed();
        bed.Host.AddModule($"{Root}/src/main.js", "/src/main.js");
        bed.Host.AddModule($"{Root}/src/other-entry.js", "/src/other-entry.js");
        bed.Host.AddModule($"{Root}/src/shared.js", "/src/shared.js", $"{Root}/src/main.js", $"{Root}/src/other-entry.js");
        bed.Host.AddModule($"{Root}/src/leaf.js", "/src/leaf.js", $"{Root}/src/shared.js");
        bed.Host.AddModule($"{Root}/src/lonely.js", "/src/lonely.js");
        return bed;
    }

    [Fact]
    public async Task Triggered_by_a_file_reimports_the_entries_above_it_after_clearing_the_graph()
    {
        var bed = GraphBed();
        var graphSizeAtImports = new List<int>();
        bed.Host.OnImport = _ =>
        {
            graphSizeAtImports.Add(bed.Host.EvaluatedModules.Modules.Count);
            return Task.CompletedTask;
        };
        bed.Client.CreateHotContext("/src/lonely.js").On("vite:beforeFullReload", bed.Function("beforeFullReload"));
        const string wire = $$"""{"type":"full-reload","triggeredBy":"{{Root}}/src/leaf.js","path":"*"}""";

        await bed.DeliverAsync(wire);

        bed.Log.Entries.ShouldBe([
            "debug: program reload",
            $"beforeFullReload({wire})",
            "import /src/main.js",
            "import /src/other-entry.js",
        ]);
        graphSizeAtImports.ShouldBe([0, 0]); // cleared before the first import (the fake adds no nodes)
    }

    [Fact]
    public async Task Without_triggeredBy_every_root_is_reimported_in_graph_order()
    {
        var bed = GraphBed();

        await bed.DeliverAsync("""{"type":"full-reload"}""");

        bed.Host.Imports.ShouldBe(["/src/main.js", "/src/other-entry.js", "/src/lonely.js"]);
        bed.Logger.Messages.ShouldBe(["program reload"]);
        bed.Host.EvaluatedModules.Modules.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_windows_style_triggeredBy_is_slashed_before_lookup()
    {
        var bed = new HmrTestBed();
        bed.Host.AddModule("C:/app/src/main.js", "/src/main.js");
        bed.Host.AddModule("C:/app/src/leaf.js", "/src/leaf.js", "C:/app/src/main.js");

        await bed.DeliverAsync("""{"type":"full-reload","triggeredBy":"C:\\app\\src\\leaf.js","path":"*"}""");

        bed.Host.Imports.ShouldBe(["/src/main.js"]);
    }

    [Fact]
    public async Task Every_query_variant_of_the_file_counts_and_import_cycles_end()
    {
        var bed = new HmrTestBed();
        bed.Host.AddModule($"{Root}/src/entry.js", "/src/entry.js");
        bed.Host.AddModule($"{Root}/src/a.js", "/src/a.js", $"{Root}/src/entry.js");
        bed.Host.AddModule($"{Root}/src/b.js", "/src/b.js", $"{Root}/src/a.js");
        bed.Host.EvaluatedModules.GetModuleById($"{Root}/src/a.js")!.AddImporter($"{Root}/src/b.js"); // a <-> b
        bed.Host.AddModule($"{Root}/src/raw-entry.js", "/src/raw-entry.js");
        bed.Host.AddModule($"{Root}/src/b.js?raw", "/src/b.js?raw", $"{Root}/src/raw-entry.js");

        await bed.DeliverAsync($$"""{"type":"full-reload","triggeredBy":"{{Root}}/src/b.js","path":"*"}""");

        bed.Host.Imports.ShouldBe(["/src/entry.js", "/src/raw-entry.js"]);
    }

    [Fact]
    public async Task An_unknown_file_reloads_nothing_and_logs_nothing()
    {
        var bed = GraphBed();
        bed.Client.CreateHotContext("/src/main.js").On("vite:beforeFullReload", bed.Function("beforeFullReload"));

        await bed.DeliverAsync($$"""{"type":"full-reload","triggeredBy":"{{Root}}/src/unknown.js","path":"*"}""");

        bed.Log.Entries.ShouldBeEmpty();
        bed.Host.EvaluatedModules.Modules.Count.ShouldBe(5);
    }

    [Fact]
    public async Task An_empty_graph_reloads_nothing()
    {
        var bed = new HmrTestBed();

        await bed.DeliverAsync("""{"type":"full-reload"}""");

        bed.Log.Entries.ShouldBeEmpty();
    }

    [Fact]
    public async Task Entries_are_reimported_one_after_another()
    {
        var bed = GraphBed();
        var releaseMain = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        bed.Host.OnImport = url => url == "/src/main.js" ? releaseMain.Task : Task.CompletedTask;

        bed.Client.Enqueue(ProtocolJson.ParsePayload("""{"type":"full-reload"}"""));
        await UpdatePayloadTests.WaitUntilAsync(() => bed.Host.Imports.Count == 1);
        await Task.Delay(50, TestContext.Current.CancellationToken);
        bed.Host.Imports.ShouldBe(["/src/main.js"]);

        releaseMain.SetResult();
        await bed.Client.WhenIdleAsync().WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        bed.Host.Imports.ShouldBe(["/src/main.js", "/src/other-entry.js", "/src/lonely.js"]);
    }

    [Fact]
    public async Task A_failing_entry_is_logged_with_message_and_stack_and_the_other_entries_still_reload()
    {
        var bed = GraphBed();
        var error = new ScriptException("Error", "entry broke", "Error: entry broke\n    at /work/app/src/main.js:4:7");
        bed.Host.FailImport("/src/main.js", error);

        await bed.DeliverAsync("""{"type":"full-reload"}""");

        bed.Host.Imports.ShouldBe(["/src/main.js", "/src/other-entry.js", "/src/lonely.js"]);
        bed.Logger.LevelsAndMessages.ShouldBe([
            ["debug", "program reload"],
            ["error", "An error happened during full reload\nentry broke\nError: entry broke\n    at /work/app/src/main.js:4:7"],
        ]);
        bed.Logger.Calls[1].Exception.ShouldBeSameAs(error);
    }

    [Fact]
    public async Task A_server_error_during_full_reload_is_logged_with_the_server_stack()
    {
        var bed = GraphBed();
        var serverError = System.Text.Json.JsonDocument.Parse(
            """{"name":"Error","message":"Failed to load url /src/gone.js (resolved id: /src/gone.js). Does the file exist?","code":"ERR_LOAD_URL","stack":"Error: Failed to load url /src/gone.js\n    at loadAndTransform (file://<repo>/node_modules/vite/dist/node/chunks/node.js:1:1)"}""").RootElement;
        bed.Host.FailImport("/src/lonely.js", new InvokeErrorException("fetchModule", serverError));

        await bed.DeliverAsync("""{"type":"full-reload"}""");

        bed.Logger.Errors.ShouldBe([
            "An error happened during full reload\nFailed to load url /src/gone.js (resolved id: /src/gone.js). Does the file exist?\nError: Failed to load url /src/gone.js\n    at loadAndTransform (file://<repo>/node_modules/vite/dist/node/chunks/node.js:1:1)",
        ]);
    }

    [Fact]
    public async Task An_outdated_optimized_dep_error_is_not_logged()
    {
        var bed = GraphBed();
        bed.Host.FailImport("/src/main.js", new ScriptException("Error", "outdated", null) { Code = "ERR_OUTDATED_OPTIMIZED_DEP" });

        await bed.DeliverAsync("""{"type":"full-reload"}""");

        bed.Logger.Messages.ShouldBe(["program reload"]);
        bed.Host.Imports.Count.ShouldBe(3);
    }

    [Fact]
    public async Task A_close_during_the_reload_stops_it_silently()
    {
        var bed = GraphBed();
        bed.Host.OnImport = url =>
        {
            if (url == "/src/main.js")
            {
                bed.Host.IsClosed = true;
                throw new ObjectDisposedException("runner", "The runner was closed.");
            }
            return Task.CompletedTask;
        };

        await bed.DeliverAsync("""{"type":"full-reload"}""");

        bed.Host.Imports.ShouldBe(["/src/main.js"]);
        bed.Logger.Messages.ShouldBe(["program reload"]);
    }

    [Fact]
    public async Task A_close_between_entries_stops_before_the_next_import()
    {
        var bed = GraphBed();
        bed.Host.OnImport = _ =>
        {
            bed.Host.IsClosed = true;
            return Task.CompletedTask;
        };

        await bed.DeliverAsync("""{"type":"full-reload"}""");

        bed.Host.Imports.ShouldBe(["/src/main.js"]);
    }

    [Fact]
    public async Task Hot_state_survives_a_full_reload()
    {
        var bed = GraphBed();
        var context = bed.Client.CreateHotContext("/src/main.js");
        var data = context.Data;
        var accept = bed.Function("accept");
        var listener = bed.Function("listener");
        context.AcceptDependencies(["/src/main.js"], accept);
        context.On("x:after-reload", listener);

        await bed.DeliverAsync("""{"type":"full-reload"}""", """{"type":"custom","event":"x:after-reload","data":1}""");

        listener.Calls.Count.ShouldBe(1);
        bed.Client.CreateHotContext("/src/main.js").Data.ShouldBeSameAs(data);
        await bed.DeliverAsync(HmrTestBed.JsUpdate("/src/main.js", "/src/main.js"));
        accept.Calls.ShouldBeEmpty(); // reset by the new context, as in Vite
    }
}
