using System.Numerics;
using System.Text.Json;
using Runner.Extensible.Conformance.Runtime;
using Runner.Extensible.Scripting;

namespace Runner.Extensible.Conformance;

public abstract partial class EvaluatorConformanceTests<TFixture>
{
    private const string Values = "/src/conformance/values.js";

    /// <summary>EVAL-020: script primitives convert to .NET as the contract says (number → double, BigInt → BigInteger, undefined/null → null).</summary>
    [Fact, Guarantee("EVAL-020")]
    public virtual async Task EVAL020_primitives_convert_to_dotnet()
    {
        await using var run = await Fixture.StartRunnerAsync();
        var values = await run.ImportAsync(Values);
        foreach (var name in new[] { "integer", "fraction", "text", "empty", "yes", "no", "nothing", "missing", "big" })
            ViteObservation.ShouldMatch(values.GetProperty(name), ViteObservation.Export(Values, name), $"values.{name}");
        values.GetProperty("big").ShouldBe(BigInteger.Pow(2, 70));
    }

    /// <summary>EVAL-021: a script array converts to a snapshot <see cref="IReadOnlyList{T}"/> with its elements converted.</summary>
    [Fact, Guarantee("EVAL-021")]
    public virtual async Task EVAL021_arrays_convert_to_snapshots()
    {
        await using var run = await Fixture.StartRunnerAsync();
        var values = await run.ImportAsync(Values);
        ViteObservation.ShouldMatch(values.GetProperty("list"), ViteObservation.Export(Values, "list"), "values.list");
        var before = values.GetProperty("growing").ShouldBeAssignableTo<IReadOnlyList<object?>>()!;
        await CallAsync(run, values, "grow");
        before.ShouldBe([1d], "an array read before grow() is a snapshot and does not change");
        values.GetProperty("growing").ShouldBeAssignableTo<IReadOnlyList<object?>>()!.ShouldBe([1d, 2d], "reading the array again after grow()");
    }

    /// <summary>EVAL-022: a script object converts to a live <see cref="IScriptObject"/>: own enumerable string keys in order, getters run, the prototype chain is seen.</summary>
    [Fact, Guarantee("EVAL-022")]
    public virtual async Task EVAL022_objects_convert_to_live_views()
    {
        await using var run = await Fixture.StartRunnerAsync();
        var values = await run.ImportAsync(Values);
        values.GetKeys().ShouldBe(ViteObservation.Keys(Values), "the module's export names, in order");
        foreach (var name in new[] { "record", "withGetter", "withHidden", "withSymbol", "inherited", "throwingGetter" })
            ViteObservation.ShouldMatch(values.GetProperty(name), ViteObservation.Export(Values, name), $"values.{name}");

        var hidden = (IScriptObject)values.GetProperty("withHidden")!;
        hidden.HasProperty("hidden").ShouldBeTrue("a non-enumerable own property is not a key but is there");
        hidden.GetProperty("hidden").ShouldBe(2d);
        var inherited = (IScriptObject)values.GetProperty("inherited")!;
        inherited.HasProperty("fromPrototype").ShouldBeTrue("HasProperty sees the prototype chain");
        inherited.GetProperty("fromPrototype").ShouldBe("yes");
        inherited.HasProperty("absent").ShouldBeFalse();

        var record = (IScriptObject)values.GetProperty("record")!;
        await CallAsync(run, values, "mutate", record);
        record.GetKeys().ShouldBe(["a", "b", "nested", "added"], "an object view is live: a property added by script shows");
        record.GetProperty("added").ShouldBe("later");
    }

    /// <summary>EVAL-023: a script function converts to an <see cref="IScriptFunction"/> whose call returns the converted result.</summary>
    [Fact, Guarantee("EVAL-023")]
    public virtual async Task EVAL023_functions_convert_to_callable_views()
    {
        await using var run = await Fixture.StartRunnerAsync();
        var values = await run.ImportAsync(Values);
        var sum = values.GetProperty("sum").ShouldBeAssignableTo<IScriptFunction>()!;
        ViteObservation.ShouldMatch(await run.WaitAsync(sum.InvokeAsync(1, 2, 3), "sum(1, 2, 3)"), ViteObservation.Call(Values, "sum"), "sum(1, 2, 3)");
        (await run.WaitAsync(values.GetFunction("echo").InvokeAsync("back"), "echo")).ShouldBe("back");
        var fromScript = (await CallAsync(run, values, "echo", sum)).ShouldBeAssignableTo<IScriptFunction>("a function passed through script comes back as a function")!;
        (await run.WaitAsync(fromScript.InvokeAsync(2, 2), "the function again")).ShouldBe(4d);
    }

    /// <summary>EVAL-024: .NET arguments convert to script values as the contract says, and an unconvertible one is an <see cref="ArgumentException"/> naming its type.</summary>
    [Fact, Guarantee("EVAL-024")]
    public virtual async Task EVAL024_dotnet_values_convert_to_script()
    {
        await using var run = await Fixture.StartRunnerAsync();
        var values = await run.ImportAsync(Values);
        (await CallAsync(run, values, "typeOf", [null])).ShouldBe("undefined", "null converts to undefined");
        (await CallAsync(run, values, "typeOf", true)).ShouldBe("boolean");
        foreach (var number in new object[] { 5, 5L, 2.5, 2.5f, 2.5m, (byte)1, (short)-3 })
            (await CallAsync(run, values, "typeOf", number)).ShouldBe("number", $"{number.GetType().Name} converts to a number");
        (await CallAsync(run, values, "typeOf", "text")).ShouldBe("string");
        (await CallAsync(run, values, "json", 2.5m)).ShouldBe("2.5");
        (await CallAsync(run, values, "json", "héllo ✓ 🚀")).ShouldBe("\"héllo ✓ 🚀\"");
        (await CallAsync(run, values, "json", new Dictionary<string, object?> { ["a"] = 1, ["b"] = "x", ["c"] = new[] { true, false } }))
            .ShouldBe("""{"a":1,"b":"x","c":[true,false]}""", "a string-keyed dictionary converts to a plain object");
        (await CallAsync(run, values, "json", new List<int> { 1, 2, 3 })).ShouldBe("[1,2,3]", "an enumerable converts to an array");
        using (var json = JsonDocument.Parse("""{"a":[1,2],"b":null,"c":"d"}"""))
            (await CallAsync(run, values, "json", json.RootElement)).ShouldBe("""{"a":[1,2],"b":null,"c":"d"}""", "a JsonElement converts to the JSON value");
        (await CallAsync(run, values, "isShared", values.GetProperty("shared"))).ShouldBe(true, "a script object passed back is the same object");
        var callback = new Func<object?, object?>(value => $"dotnet saw {value}");
        (await CallAsync(run, values, "typeOf", callback)).ShouldBe("function", "a delegate converts to a function");
        (await CallAsync(run, values, "callBack", callback, "hi")).ShouldBe("dotnet saw hi", "script calls the delegate and gets its result");
        var refused = await Should.ThrowAsync<ArgumentException>(() => CallAsync(run, values, "echo", new UnconvertibleValue()));
        refused.Message.ShouldContain(nameof(UnconvertibleValue), Case.Sensitive, "the error names the type that cannot convert");
    }

    /// <summary>EVAL-025: promises and tasks convert both ways: a promise is a task that settles with it, a task passed in is awaited by script.</summary>
    [Fact, Guarantee("EVAL-025")]
    public virtual async Task EVAL025_promises_and_tasks_convert_both_ways()
    {
        await using var run = await Fixture.StartRunnerAsync();
        var values = await run.ImportAsync(Values);
        var settled = values.GetProperty("settled").ShouldBeAssignableTo<Task<object?>>("a promise converts to Task<object?>")!;
        (await run.WaitAsync(settled, "values.settled")).ShouldBe("settled value");
        ViteObservation.ShouldMatch(await CallAsync(run, values, "resolveLater", "later"), ViteObservation.Call(Values, "resolveLater"), "resolveLater(): the call completes when its promise settles");
        var rejected = await Should.ThrowAsync<ScriptException>(() => CallAsync(run, values, "rejectLater", "rejected"));
        var observed = ViteObservation.Call(Values, "rejectLater").GetProperty("threw");
        (rejected.ErrorName, rejected.ErrorMessage).ShouldBe((observed.GetProperty("name").GetString(), observed.GetProperty("message").GetString()), "a rejected promise faults the task");

        var fromDotnet = Task.Run(async () =>
        {
            await Task.Delay(20);
            return (object?)"from a task";
        });
        (await CallAsync(run, values, "awaitValue", fromDotnet)).ShouldBe("from a task", "script awaits a task passed to it");
        var failed = await Should.ThrowAsync<ScriptException>(() => CallAsync(run, values, "awaitValue", Task.FromException<object?>(new InvalidOperationException("the task failed"))));
        failed.ErrorMessage.ShouldContain("the task failed", Case.Sensitive, "a faulted task rejects the promise script awaits, with the exception's message");
    }

    /// <summary>EVAL-026: an error thrown by a function or a getter surfaces with its name, message and <c>code</c>.</summary>
    [Fact, Guarantee("EVAL-026")]
    public virtual async Task EVAL026_thrown_errors_keep_name_message_and_code()
    {
        await using var run = await Fixture.StartRunnerAsync();
        var values = await run.ImportAsync(Values);
        var failed = await Should.ThrowAsync<ScriptException>(() => CallAsync(run, values, "fail", "failed"));
        var observed = ViteObservation.Call(Values, "fail").GetProperty("threw");
        (failed.ErrorName, failed.ErrorMessage, failed.Code).ShouldBe(
            (observed.GetProperty("name").GetString(), observed.GetProperty("message").GetString(), observed.GetProperty("code").GetString()));
        failed.Message.ShouldBe("TypeError: failed");
        var getter = Should.Throw<ScriptException>(() => ((IScriptObject)values.GetProperty("throwingGetter")!).GetProperty("boom"));
        Caught(getter).ShouldBe("RangeError: getter threw");
    }

    /// <summary>EVAL-027: two views of one script object are equal (with equal hash codes); views of different objects are not.</summary>
    [Fact, Guarantee("EVAL-027")]
    public virtual async Task EVAL027_views_of_one_object_are_equal()
    {
        await using var run = await Fixture.StartRunnerAsync();
        var values = await run.ImportAsync(Values);
        var shared = values.GetProperty("shared")!;
        var again = values.GetProperty("shared")!;
        again.ShouldBe(shared, "reading the same object twice gives equal views");
        again.GetHashCode().ShouldBe(shared.GetHashCode());
        (await CallAsync(run, values, "getShared")).ShouldBe(shared, "the object returned by a function equals the one read from the exports");
        values.GetProperty("record").ShouldNotBe(shared, "views of different objects are not equal");
        (await run.ImportAsync(Values)).ShouldBe(values, "a module's exports object is the same on every import");
    }

    /// <summary>EVAL-028: exports and functions can be used from many threads at once.</summary>
    [Fact, Guarantee("EVAL-028")]
    public virtual async Task EVAL028_views_can_be_used_from_many_threads()
    {
        await using var run = await Fixture.StartRunnerAsync();
        var math = await run.ImportAsync("/src/math.ts");
        var add = math.GetFunction("add");
        using var start = new Barrier(8);
        var workers = Enumerable.Range(0, 8).Select(worker => Task.Factory.StartNew(async () =>
        {
            start.SignalAndWait();
            for (var i = 0; i < 25; i++)
            {
                math.GetProperty("PI").ShouldBe(3d);
                (await add.InvokeAsync(worker, i)).ShouldBe((double)(worker + i));
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap());
        await run.WaitAsync(Task.WhenAll(workers), "200 reads and calls from 8 threads");
        var modules = await run.WaitAsync(Task.WhenAll(new[] { "/src/counter.ts", "/src/cycle/a.ts", "/src/reexports.ts", Values }
            .Select(url => Task.Run(() => run.ImportAsync(url)))), "Four imports from four threads");
        modules.ShouldAllBe(m => m != null);
    }

    /// <summary>A .NET type no evaluator converts.</summary>
    private sealed class UnconvertibleValue;
}
