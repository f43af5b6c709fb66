using CanaryGuard.Rules.Model;

namespace CanaryGuard.Rules.Tests.Model;

public sealed class GoDurationTests
{
    [Theory]
    [InlineData("30s", 30_000)]
    [InlineData("1m", 60_000)]
    [InlineData("1m30s", 90_000)]
    [InlineData("1.5h", 5_400_000)]
    [InlineData("300ms", 300)]
    [InlineData("0", 0)]
    [InlineData("-1m", -60_000)]
    [InlineData("2h45m", 9_900_000)]
    public void ParsesAsGoDoes(string text, long milliseconds)
    {
        Assert.True(GoDuration.TryParse(text, out var duration));
        Assert.Equal(milliseconds, (long)duration.TotalMilliseconds);
    }

    [Theory]
    [InlineData("")]
    [InlineData("1")]
    [InlineData("m")]
    [InlineData("1d")]
    [InlineData("1.2.3s")]
    [InlineData("s1")]
    [InlineData("1 m")]
    public void RejectsWhatGoRejects(string text) => Assert.False(GoDuration.TryParse(text, out _));

    [Theory]
    [InlineData(150_000, "2m30s")]
    [InlineData(3_600_000, "1h0m0s")]
    [InlineData(10_000, "10s")]
    [InlineData(0, "0s")]
    public void FormatsAsGoPrints(long milliseconds, string text) =>
        Assert.Equal(text, GoDuration.Format(TimeSpan.FromMilliseconds(milliseconds)));
}
