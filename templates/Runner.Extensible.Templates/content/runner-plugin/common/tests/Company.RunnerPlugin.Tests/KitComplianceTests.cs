using Runner.Extensible;
using Runner.Extensible.Conformance;

namespace Company.RunnerPlugin.Tests;

/// <summary>Fails when a kind of plugin in the plugin's assembly has no conformance suite inherited here (add one when you add a contract).</summary>
public sealed class KitComplianceTests : KitCompliance<PLUGIN_CLASS>;
