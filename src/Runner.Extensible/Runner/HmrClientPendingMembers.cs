using Runner.Extensible.Hmr;

namespace Runner.Extensible;

/// <summary>
/// Bridges a member the HMR branch adds to <see cref="HmrClient"/> (<c>Clear()</c>, Vite's <c>hmrClient.clear()</c>)
/// while this branch still has the placeholder client. Once <c>HmrClient.Clear()</c> exists, C# binds
/// <c>client.Clear()</c> to that instance method instead of this extension, and this file should be deleted.
/// </summary>
internal static class HmrClientPendingMembers
{
    /// <summary>The placeholder client holds no state, so there is nothing to clear.</summary>
    public static void Clear(this HmrClient client) => ArgumentNullException.ThrowIfNull(client);
}
