namespace Runner.Extensible.Transports;

/// <summary>
/// Vite's non-secure nanoid (nanoid 5, <c>nanoid/non-secure</c>): 21 characters from Vite's URL-safe alphabet.
/// Invoke ids only need to be unique among a runner's pending calls, so a cryptographic source is not needed.
/// </summary>
internal static class NanoId
{
    /// <summary>The alphabet, in nanoid's order.</summary>
    internal const string Alphabet = "useandom-26T198340PX75pxJACKVERYMINDBUSHWOLF_GQZbfghjklqvwyzrict";

    /// <summary>The default id length.</summary>
    internal const int DefaultSize = 21;

    /// <summary>Creates an id.</summary>
    /// <param name="size">Its length.</param>
    internal static string New(int size = DefaultSize) =>
        string.Create(size, 0, static (chars, _) =>
        {
            for (var i = 0; i < chars.Length; i++)
                chars[i] = Alphabet[Random.Shared.Next(Alphabet.Length)];
        });
}
