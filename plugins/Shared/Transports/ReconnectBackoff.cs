namespace Runner.Extensible.Transports.Shared;

/// <summary>
/// Delays between reconnect attempts: <c>initial · 2^attempt</c>, capped at <c>max</c>, then spread by
/// ±<c>jitter</c> so that many runners losing one server do not all knock again in the same instant.
/// </summary>
internal sealed class ReconnectBackoff
{
    private readonly TimeSpan _initial;
    private readonly TimeSpan _max;
    private readonly double _jitter;
    private readonly Func<double> _random;

    /// <param name="initial">Delay before the first attempt.</param>
    /// <param name="max">Largest delay, jitter included.</param>
    /// <param name="jitter">Fraction (0–1) by which a delay may be shortened or lengthened.</param>
    /// <param name="random">Uniform numbers in [0, 1); <see cref="Random.Shared"/> when <c>null</c>.</param>
    public ReconnectBackoff(TimeSpan initial, TimeSpan max, double jitter, Func<double>? random = null)
    {
        _initial = initial;
        _max = max < initial ? initial : max;
        _jitter = Math.Clamp(jitter, 0, 1);
        _random = random ?? Random.Shared.NextDouble;
    }

    /// <summary>The delay before attempt <paramref name="attempt"/> (0 for the first).</summary>
    public TimeSpan DelayFor(int attempt)
    {
        // 2^30 already exceeds any sensible cap; stopping there keeps the arithmetic finite.
        var exponential = _initial.TotalMilliseconds * Math.Pow(2, Math.Min(Math.Max(attempt, 0), 30));
        var capped = Math.Min(exponential, _max.TotalMilliseconds);
        var spread = capped * (1 + _jitter * (2 * _random() - 1));
        return TimeSpan.FromMilliseconds(Math.Clamp(spread, 0, _max.TotalMilliseconds));
    }
}
