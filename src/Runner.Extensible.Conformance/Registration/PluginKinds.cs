namespace Runner.Extensible.Conformance;

/// <summary>
/// The <see cref="ModuleRunnerPluginAttribute.Kind"/> values the kit knows (for listings, and so that a plugin's
/// test project knows which suite to inherit).
/// </summary>
public static class PluginKinds
{
    /// <summary>An <see cref="Evaluation.IModuleEvaluator"/>.</summary>
    public const string Evaluator = "evaluator";

    /// <summary>An <see cref="Transports.IModuleRunnerTransport"/>.</summary>
    public const string Transport = "transport";

    /// <summary>An <see cref="SourceMaps.ISourceMapInterceptor"/>.</summary>
    public const string SourceMapInterceptor = "source-map-interceptor";

    /// <summary>An <see cref="ImportMeta.IImportMetaFactory"/>.</summary>
    public const string ImportMetaFactory = "import-meta-factory";

    /// <summary>An <see cref="Hmr.IHmrLogger"/>.</summary>
    public const string HmrLogger = "hmr-logger";

    /// <summary>An <see cref="IInvokeStep"/> (no suite yet).</summary>
    public const string InvokeStep = "step";

    /// <summary>Every kind the kit knows.</summary>
    public static IReadOnlyList<string> Known { get; } = [Evaluator, Transport, SourceMapInterceptor, ImportMetaFactory, HmrLogger, InvokeStep];
}
