using Runner.Extensible.ImportMeta;

namespace Runner.Extensible.Conformance.Tests.Compliance;

/// <summary>
/// The core's pipeline defaults (import.meta factory, source-map interceptor, HMR loggers) are tested by inheriting the
/// kits in this project, exactly as a plugin's would be: the compliance test holds it to that.
/// </summary>
public sealed class CoreKitCompliance : KitCompliance<DefaultImportMetaFactory>;
