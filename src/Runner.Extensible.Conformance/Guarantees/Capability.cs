namespace Runner.Extensible.Conformance;

/// <summary>Skips a kit test, with the reason, when the fixture declares that the plugin lacks what the guarantee needs.</summary>
internal static class Capability
{
    /// <summary>Skips (never passes) when <paramref name="declared"/> is false.</summary>
    /// <param name="declared">The fixture's capability flag.</param>
    /// <param name="fixture">The fixture (for the plugin's name).</param>
    /// <param name="capability">The capability, as the flag names it.</param>
    /// <param name="why">Why the guarantee cannot apply without it.</param>
    public static void Require(bool declared, ConformanceFixture fixture, string capability, string why)
    {
        if (!declared) Assert.Skip($"{fixture.PluginName} declares no {capability}: {why}");
    }
}
