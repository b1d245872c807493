namespace Runner.Extensible.Conformance;

/// <summary>
/// The large module the kit's fixture app serves as <c>virtual:conformance-large</c> (its vite.config.ts) (about 1 MiB, non-ASCII on every
/// line); the suite knows the text every line must arrive with.
/// </summary>
internal static class LargeModule
{
    /// <summary>The url runners import it by.</summary>
    public const string Url = "/@id/__x00__virtual:conformance-large";

    /// <summary>The module's id on the server.</summary>
    public const string Id = "\0virtual:conformance-large";

    /// <summary>How many generated lines it has.</summary>
    public const int LineCount = 16384;

    /// <summary>The text of generated line <paramref name="index"/>, as the module's code has it (before Vite's transform).</summary>
    public static string Line(int index) => $"line {index} héllo ✓ 🚀 ".PadRight(48, '.');
}
