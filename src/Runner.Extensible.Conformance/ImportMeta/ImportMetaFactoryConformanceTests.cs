using Runner.Extensible.Conformance.Runtime;
using Runner.Extensible.ImportMeta;

namespace Runner.Extensible.Conformance;

/// <summary>
/// The conformance suite of <see cref="IImportMetaFactory"/> (guarantees <c>IMF-*</c> of the kit's GUARANTEES.md).
/// Inherit it once with your fixture: <c>public sealed class MyFactoryConformance(MyFixture f) : ImportMetaFactoryConformanceTests&lt;MyFixture&gt;(f);</c>.
/// Every test is virtual: override one where your factory legitimately differs, call <c>base</c> where you can, and say why.
/// </summary>
/// <typeparam name="TFixture">The fixture that wires the factory.</typeparam>
/// <param name="fixture">The shared fixture.</param>
public abstract class ImportMetaFactoryConformanceTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>, IAsyncDisposable
    where TFixture : ImportMetaFactoryConformanceFixture
{
    private SeamOptions? _seam;

    /// <summary>Module paths with characters a file URL must escape.</summary>
    protected static readonly IReadOnlyList<string> SpecialPaths =
    [
        "/app/src/main.ts",
        "/app/src/with space/file name.ts",
        "/app/src/100%/percent.ts",
        "/app/src/hash#tag/file#1.ts",
        "/app/src/question?/file?.ts",
        "/app/src/ünïcødé/ö✓.ts",
    ];

    /// <summary>The fixture.</summary>
    protected TFixture Fixture { get; } = fixture;

    /// <summary>IMF-001: <c>url</c> is an absolute <c>file:</c> URL, <c>filename</c> is set and <c>dirname</c> is its directory.</summary>
    [Fact, Guarantee("IMF-001")]
    public virtual async Task IMF001_url_is_a_file_url_and_dirname_is_the_directory_of_filename()
    {
        var factory = await CreateFactoryAsync();
        foreach (var path in SpecialPaths)
        {
            var meta = factory.Create(path, SampleModule.ForFile(path, "/" + Path.GetFileName(path)));
            // .NET reads a bare absolute path as a file URI too, so the text itself must be the URL.
            meta.Url.ShouldStartWith("file://", Case.Sensitive, $"url of {path} is not a file:// URL");
            Uri.TryCreate(meta.Url, UriKind.Absolute, out var url).ShouldBeTrue($"url '{meta.Url}' of {path} is not an absolute URL");
            url!.Scheme.ShouldBe(Uri.UriSchemeFile, $"url '{meta.Url}' of {path} is not a file: URL");
            meta.Filename.ShouldNotBeNullOrEmpty($"filename of {path}");
            Slashes(meta.Dirname).ShouldBe(PosixDirname(Slashes(meta.Filename)), $"dirname of {path} (filename '{meta.Filename}')");
        }
    }

    /// <summary>IMF-002: <c>url</c> and <c>filename</c> name the same file, whatever characters the path has.</summary>
    [Fact, Guarantee("IMF-002")]
    public virtual async Task IMF002_url_and_filename_name_the_same_file()
    {
        var factory = await CreateFactoryAsync();
        foreach (var path in SpecialPaths)
        {
            var meta = factory.Create(path, SampleModule.ForFile(path, "/" + Path.GetFileName(path)));
            var url = new Uri(meta.Url);
            Slashes(url.LocalPath).ShouldBe(Slashes(meta.Filename), $"url '{meta.Url}' decodes to another file than filename '{meta.Filename}'");
            Slashes(meta.Filename).ShouldEndWith(path.TrimStart('/'), Case.Sensitive, $"filename of {path}");
        }
    }

    /// <summary>IMF-003: the factory leaves <c>hot</c> to the runner.</summary>
    [Fact, Guarantee("IMF-003")]
    public virtual async Task IMF003_hot_is_left_to_the_runner()
    {
        var factory = await CreateFactoryAsync();
        factory.Create("/app/src/main.ts", SampleModule.ForFile("/app/src/main.ts", "/src/main.ts")).Hot
            .ShouldBeNull("the runner adds import.meta.hot itself (only when HMR is on); a factory must not set it");
    }

    /// <summary>IMF-004: each module gets its own description, the same every time, also when asked from many threads at once.</summary>
    [Fact, Guarantee("IMF-004")]
    public virtual async Task IMF004_each_module_gets_its_own_description_from_any_thread()
    {
        var factory = await CreateFactoryAsync();
        string[] paths = ["/app/a/main.ts", "/app/b/main.ts", "/app/a/other.ts"];
        var first = paths.Select(p => factory.Create(p, SampleModule.ForFile(p, p[4..]))).ToArray();
        for (var i = 0; i < paths.Length; i++)
        {
            Slashes(first[i].Filename).ShouldEndWith(paths[i].TrimStart('/'), Case.Sensitive, $"module {paths[i]} got the description of another module");
            var again = factory.Create(paths[i], SampleModule.ForFile(paths[i], paths[i][4..]));
            (again.Url, again.Filename, again.Dirname).ShouldBe((first[i].Url, first[i].Filename, first[i].Dirname), $"a second description of {paths[i]}");
        }

        var concurrent = await Task.WhenAll(Enumerable.Range(0, 16).Select(worker => Task.Run(() =>
            Enumerable.Range(0, 100).Select(i =>
            {
                var path = $"/app/worker{worker}/module{i}.ts";
                return (path, meta: factory.Create(path, SampleModule.ForFile(path, path[4..])));
            }).ToArray())));
        foreach (var (path, meta) in concurrent.SelectMany(r => r))
            Slashes(meta.Filename).ShouldEndWith(path.TrimStart('/'), Case.Sensitive, $"module {path}, described concurrently, got another module's filename");
    }

    /// <summary>IMF-005: every extra member is a value evaluators convert to script.</summary>
    [Fact, Guarantee("IMF-005")]
    public virtual async Task IMF005_additional_members_are_values_evaluators_convert()
    {
        var factory = await CreateFactoryAsync();
        var meta = factory.Create("/app/src/main.ts", SampleModule.ForFile("/app/src/main.ts", "/src/main.ts"));
        meta.AdditionalProperties.ShouldNotBeNull();
        foreach (var (key, value) in meta.AdditionalProperties)
        {
            ScriptValueRules.IsConvertible(value, out var problem, $"import.meta.{key}").ShouldBeTrue(problem);
        }
    }

    /// <summary>IMF-006: a virtual module (id <c>\0virtual:…</c>) is described as Vite does, not rejected.</summary>
    [Fact, Guarantee("IMF-006")]
    public virtual async Task IMF006_virtual_modules_are_described_as_vite_does()
    {
        var factory = await CreateFactoryAsync();
        const string Id = "\0virtual:conformance";
        var meta = factory.Create(Id, new SampleModule(Id, "virtual:conformance", Id));
        meta.Filename.ShouldBe(Id);
        meta.Dirname.ShouldBe(".");
        meta.Url.ShouldStartWith("file://", Case.Sensitive, "url of a virtual module");
        Uri.TryCreate(meta.Url, UriKind.Absolute, out var url).ShouldBeTrue($"url '{meta.Url}' of a virtual module");
        url!.Scheme.ShouldBe(Uri.UriSchemeFile);
        meta.Url.ShouldEndWith("/%00virtual:conformance", Case.Sensitive, "Vite resolves a virtual id under the working directory, with the NUL escaped");
    }

    /// <summary>IMF-007: a runner wired through the seam describes its modules with this factory, and adds <c>hot</c> itself.</summary>
    [Fact, Guarantee("IMF-007")]
    public virtual async Task IMF007_the_runner_describes_modules_with_this_factory()
    {
        var server = ConformanceRecording.CreateServer();
        NonExecutingEvaluator? evaluator = null;
        await using var session = await RunnerSession.StartAsync(Fixture, builder =>
        {
            Fixture.ConfigurePlugin(builder);
            evaluator = builder.UseNonExecutingEvaluator();
            builder.UseInMemoryServer(server);
        });
        var module = await session.ImportAsync("/src/math.ts");
        module.ShouldNotBeNull();
        var node = session.Runner.EvaluatedModules.GetModuleByUrl("/src/math.ts").ShouldNotBeNull();
        var given = evaluator!.Evaluated[node.Id].Context.ImportMeta;

        var expected = (await CreateFactoryAsync()).Create(node.File, node);
        (given.Url, given.Filename, given.Dirname).ShouldBe((expected.Url, expected.Filename, expected.Dirname),
            "the runner's import.meta for /src/math.ts is not what this factory describes for its file");
        given.AdditionalProperties.Keys.ShouldBe(expected.AdditionalProperties.Keys, ignoreOrder: false);
        given.Hot.ShouldNotBeNull("with HMR on, the runner adds import.meta.hot to the factory's description");
        given.Hot.OwnerPath.ShouldBe("/src/math.ts");
    }

    /// <summary>Creates the factory from the fixture's seam (its container lives until the test ends).</summary>
    protected Task<IImportMetaFactory> CreateFactoryAsync()
    {
        _seam ??= SeamOptions.Build(Fixture);
        return Task.FromResult(Fixture.CreateFactory(_seam));
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_seam is not null) await _seam.DisposeAsync().ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }

    private static string Slashes(string path) => path.Replace('\\', '/');

    private static string PosixDirname(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash switch
        {
            < 0 => ".",
            0 => "/",
            _ => path[..slash],
        };
    }
}
