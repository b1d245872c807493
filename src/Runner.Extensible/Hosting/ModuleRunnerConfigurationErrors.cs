using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Runner.Extensible.Hosting;

/// <summary>The texts of configuration errors; each names the call that fixes it.</summary>
internal static class ModuleRunnerConfigurationErrors
{
    public static string NoEvaluator(string runner) =>
        $"{Subject(runner)} has no evaluator: call b.UseV8() or another evaluator plugin's Use* method in {Registration(runner)}, or register one IModuleEvaluator in the service collection.";

    public static string NoTransport(string runner) =>
        $"{Subject(runner)} has no transport: call b.UseWebSocket(…) or another transport plugin's Use* method in {Registration(runner)}.";

    public static string TwoEvaluators(string runner, IReadOnlyList<ServiceDescriptor> registrations) =>
        $"{Subject(runner)} has no evaluator chosen and the service collection holds {registrations.Count} IModuleEvaluator registrations " +
        $"({string.Join(", ", registrations.Select(Describe))}): call b.UseV8() or another evaluator plugin's Use* method in {Registration(runner)} to choose one, or register only one.";

    public static string UnknownRunner(string runner, IReadOnlyList<string> registered)
    {
        var fix = runner == Options.DefaultName
            ? "No default module runner is registered: call services.AddModuleRunner(b => …)."
            : $"No module runner named \"{runner}\" is registered: call {Registration(runner)}.";
        var known = registered.Count == 0 ? "none" : string.Join(", ", registered.Select(n => n == Options.DefaultName ? "(default)" : $"\"{n}\""));
        return $"{fix} Registered runners: {known}.";
    }

    public static string NullFromFactory(string runner, string what, string displayName) =>
        $"{Subject(runner)}: the {what} factory of {displayName} returned null; a Use* method's factory must create an instance.";

    private static string Subject(string runner) => runner == Options.DefaultName ? "The default module runner" : $"Module runner \"{runner}\"";

    private static string Registration(string runner) =>
        runner == Options.DefaultName ? "services.AddModuleRunner(b => …)" : $"services.AddModuleRunner(\"{runner}\", b => …)";

    private static string Describe(ServiceDescriptor descriptor) =>
        descriptor.ImplementationType?.Name ?? descriptor.ImplementationInstance?.GetType().Name ?? "a factory registration";
}
