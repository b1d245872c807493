using System.Reflection;
using Runner.Extensible.Evaluation;
using Runner.Extensible.Hmr;
using Runner.Extensible.ImportMeta;
using Runner.Extensible.SourceMaps;
using Runner.Extensible.Transports;

namespace Runner.Extensible.Conformance;

/// <summary>
/// Finds the kits a plugin's test project should inherit and does not: for every contract the plugin assembly
/// implements (an evaluator, a transport, a source-map interceptor, an import.meta factory, an HMR logger) the test
/// assembly needs a public subclass of the matching suite, and for every plugin class exported with
/// <see cref="ModuleRunnerPluginAttribute"/> a public subclass of <see cref="PluginRegistrationConformanceTests{TFixture}"/>
/// whose fixture names it.
/// </summary>
public static class ConformanceCompliance
{
    private static readonly (Type Contract, Type Suite, Type Fixture, string Kind)[] Suites =
    [
        (typeof(IModuleEvaluator), typeof(EvaluatorConformanceTests<>), typeof(EvaluatorConformanceFixture), PluginKinds.Evaluator),
        (typeof(IModuleRunnerTransport), typeof(TransportConformanceTests<>), typeof(TransportConformanceFixture), PluginKinds.Transport),
        (typeof(ISourceMapInterceptor), typeof(SourceMapInterceptorConformanceTests<>), typeof(SourceMapInterceptorConformanceFixture), PluginKinds.SourceMapInterceptor),
        (typeof(IImportMetaFactory), typeof(ImportMetaFactoryConformanceTests<>), typeof(ImportMetaFactoryConformanceFixture), PluginKinds.ImportMetaFactory),
        (typeof(IHmrLogger), typeof(HmrLoggerConformanceTests<>), typeof(HmrLoggerConformanceFixture), PluginKinds.HmrLogger),
    ];

    /// <summary>What is missing, one sentence each with the fix; empty when the test assembly inherits every kit it needs.</summary>
    /// <param name="pluginAssembly">The plugin's assembly.</param>
    /// <param name="testAssembly">The plugin's test assembly.</param>
    public static IReadOnlyList<string> FindMissingSuites(Assembly pluginAssembly, Assembly testAssembly)
    {
        ArgumentNullException.ThrowIfNull(pluginAssembly);
        ArgumentNullException.ThrowIfNull(testAssembly);
        return FindMissingSuites(pluginAssembly, LoadableTypes(testAssembly), testAssembly.GetName().Name ?? "the test assembly");
    }

    /// <summary>What is missing, given the test classes themselves (for the kit's self-tests).</summary>
    internal static IReadOnlyList<string> FindMissingSuites(Assembly pluginAssembly, IEnumerable<Type> testClasses, string tests)
    {
        var pluginTypes = LoadableTypes(pluginAssembly).Where(t => t is { IsClass: true, IsAbstract: false }).ToArray();
        var testTypes = testClasses.Where(t => t is { IsClass: true, IsAbstract: false }).ToArray();
        var missing = new List<string>();
        var plugin = pluginAssembly.GetName().Name;

        foreach (var (contract, suite, fixture, kind) in Suites)
        {
            var implementations = pluginTypes.Where(contract.IsAssignableFrom).ToArray();
            var kinds = pluginTypes.Select(t => t.GetCustomAttribute<ModuleRunnerPluginAttribute>(inherit: false)?.Kind).Where(k => k == kind).ToArray();
            if (implementations.Length == 0 && kinds.Length == 0) continue;
            var what = implementations.Length > 0 ? $"an {contract.Name} ({string.Join(", ", implementations.Select(t => t.Name))})" : $"a plugin of kind \"{kind}\"";
            var subclasses = testTypes.Where(t => DerivesFrom(t, suite)).ToArray();
            if (subclasses.Length == 0)
            {
                missing.Add($"{plugin} has {what} but {tests} has no subclass of {Name(suite)}: add a fixture deriving from {fixture.Name} whose ConfigureRunner wires the plugin, and " +
                    $"public sealed class My{Short(suite)}(MyFixture fixture) : {Short(suite)}<MyFixture>(fixture);");
            }
            else if (!subclasses.Any(t => t.IsVisible))
            {
                missing.Add($"{tests} subclasses {Name(suite)} only with non-public classes ({string.Join(", ", subclasses.Select(t => t.Name))}), which xunit does not run: make one public.");
            }
        }

        var registrations = testTypes.Where(t => t.IsVisible && DerivesFrom(t, typeof(PluginRegistrationConformanceTests<>))).Select(RegisteredPluginType).ToArray();
        foreach (var exported in pluginTypes.Where(t => t.GetCustomAttribute<ModuleRunnerPluginAttribute>(inherit: false) is not null))
        {
            if (registrations.Contains(exported)) continue;
            missing.Add($"{plugin} exports the plugin {exported.Name} but {tests} has no public subclass of {Name(typeof(PluginRegistrationConformanceTests<>))} for it: add a fixture deriving from " +
                $"PluginRegistrationFixture<{exported.Name}> whose ConfigureRunner makes the user's call, and public sealed class {exported.Name}Registration(MyFixture fixture) : PluginRegistrationConformanceTests<MyFixture>(fixture);");
        }
        return missing;
    }

    private static Type? RegisteredPluginType(Type registrationSuite)
    {
        var fixture = BaseOf(registrationSuite, typeof(PluginRegistrationConformanceTests<>))!.GetGenericArguments()[0];
        if (BaseOf(fixture, typeof(PluginRegistrationFixture<>)) is { } generic) return generic.GetGenericArguments()[0];
        try
        {
            return fixture.IsAbstract ? null : (Activator.CreateInstance(fixture) as PluginRegistrationFixture)?.PluginType;
        }
        catch (Exception e) when (e is MissingMethodException or TargetInvocationException or MemberAccessException)
        {
            return null;
        }
    }

    private static bool DerivesFrom(Type type, Type genericDefinition) => BaseOf(type, genericDefinition) is not null;

    private static Type? BaseOf(Type type, Type genericDefinition)
    {
        for (var current = type.BaseType; current is not null; current = current.BaseType)
            if (current.IsGenericType && current.GetGenericTypeDefinition() == genericDefinition) return current;
        return null;
    }

    private static string Short(Type genericDefinition) => genericDefinition.Name[..genericDefinition.Name.IndexOf('`')];

    private static string Name(Type genericDefinition) => Short(genericDefinition) + "<TFixture>";

    private static IEnumerable<Type> LoadableTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            return e.Types.OfType<Type>();
        }
    }
}
