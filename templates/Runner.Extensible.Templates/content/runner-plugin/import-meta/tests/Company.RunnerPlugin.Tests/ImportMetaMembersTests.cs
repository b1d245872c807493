using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Runner.Extensible;
using Runner.Extensible.Evaluation;
using Runner.Extensible.Protocol;
using Runner.Extensible.Scripting;

namespace Company.RunnerPlugin.Tests;

/// <summary>What this plugin adds beyond the contract: the members and their validation.</summary>
public sealed class ImportMetaMembersTests
{
    [Fact]
    public void Every_module_gets_the_configured_members_next_to_vites_url_filename_and_dirname()
    {
        var options = new ImportMetaMembersOptions();
        options.Members["ssr"] = true;
        var factory = new ImportMetaMembersFactory(options);

        var meta = factory.Create("/app/src/100%/with space.ts", new Module("/app/src/100%/with space.ts"));

        meta.Url.ShouldBe("file:///app/src/100%25/with%20space.ts");
        meta.Filename.ShouldBe("/app/src/100%/with space.ts");
        meta.Dirname.ShouldBe("/app/src/100%");
        meta.AdditionalProperties.ShouldBe(new Dictionary<string, object?> { ["ssr"] = true });
        meta.Hot.ShouldBeNull();
    }

    [Fact]
    public void Members_are_copied_when_the_factory_is_created()
    {
        var options = new ImportMetaMembersOptions();
        options.Members["ssr"] = true;
        var factory = new ImportMetaMembersFactory(options);
        options.Members["late"] = 1;

        factory.Create("/a.ts", new Module("/a.ts")).AdditionalProperties.Keys.ShouldBe(["ssr"]);
    }

    [Theory]
    [InlineData("url", "keeps for itself")]
    [InlineData("hot", "keeps for itself")]
    [InlineData("my-member", "not a JavaScript identifier")]
    [InlineData("1st", "not a JavaScript identifier")]
    public void Invalid_names_fail_where_they_are_configured_and_name_the_fix(string name, string expected)
    {
        var services = new ServiceCollection();
        var error = Should.Throw<InvalidOperationException>(() => services.AddModuleRunner(b => b.UseImportMetaMember(name, "value")));
        error.Message.ShouldContain($"'{name}'");
        error.Message.ShouldContain(expected);
    }

    [Fact]
    public void Values_no_evaluator_converts_are_rejected_with_their_path()
    {
        var services = new ServiceCollection();
        var error = Should.Throw<InvalidOperationException>(() => services.AddModuleRunner(b =>
            b.UseImportMetaMember("app", new Dictionary<string, object?> { ["started"] = DateTime.UnixEpoch })));
        error.Message.ShouldContain("import.meta.app.started is a System.DateTime");
    }

    [Fact]
    public void Members_added_after_the_builder_call_are_validated_when_the_runner_reads_them()
    {
        var services = new ServiceCollection();
        services.AddModuleRunner("ssr", b => b.UseImportMetaMembers());
        services.Configure<ImportMetaMembersOptions>("ssr", o => o.Members["env"] = "production");
        using var provider = services.BuildServiceProvider();

        var error = Should.Throw<OptionsValidationException>(() => provider.GetRequiredService<IOptionsMonitor<ImportMetaMembersOptions>>().Get("ssr"));
        error.Message.ShouldContain("'env'");
    }

    private sealed record Module(string Id) : IEvaluatedModule
    {
        public string Url => Id;

        public string File => Id;

        public IReadOnlyCollection<string> Importers => [];

        public IReadOnlyCollection<string> Imports => [];

        public bool IsEvaluated => false;

        public FetchResult? Meta => null;

        public IScriptObject? Exports => null;
    }
}
