using Runner.Extensible.Transports.Shared;

namespace Runner.Extensible.Transports.Tests.Shared;

public sealed class ReconnectBackoffTests
{
    [Fact]
    public void Without_jitter_the_delay_doubles_up_to_the_cap()
    {
        var backoff = new ReconnectBackoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1), jitter: 0);

        Enumerable.Range(0, 7).Select(a => backoff.DelayFor(a).TotalMilliseconds).ShouldBe([100, 200, 400, 800, 1000, 1000, 1000]);
        backoff.DelayFor(10_000).ShouldBe(TimeSpan.FromSeconds(1));
    }

    [Theory]
    [InlineData(0.0, 80)]
    [InlineData(0.5, 100)]
    [InlineData(0.999999, 120)]
    public void Jitter_spreads_each_delay_by_the_given_fraction(double random, double expectedMs)
    {
        var backoff = new ReconnectBackoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(10), jitter: 0.2, random: () => random);

        backoff.DelayFor(0).TotalMilliseconds.ShouldBe(expectedMs, tolerance: 0.01);
    }

    [Fact]
    public void Jitter_never_exceeds_the_cap()
    {
        var backoff = new ReconnectBackoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(500), jitter: 1, random: () => 0.999999);

        backoff.DelayFor(20).ShouldBeLessThanOrEqualTo(TimeSpan.FromMilliseconds(500));
    }
}
