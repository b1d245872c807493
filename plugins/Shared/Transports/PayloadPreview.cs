using System.Text;

namespace Runner.Extensible.Transports.Shared;

/// <summary>A short, single-line excerpt of received bytes, for log lines about dropped frames.</summary>
internal static class PayloadPreview
{
    /// <summary>The first <paramref name="maxChars"/> characters of <paramref name="bytes"/> (decoded leniently as UTF-8), control characters escaped.</summary>
    public static string Of(ReadOnlySpan<byte> bytes, int maxChars = 120)
    {
        var slice = bytes.Length > maxChars * 4 ? bytes[..(maxChars * 4)] : bytes;
        var text = Encoding.UTF8.GetString(slice);
        var builder = new StringBuilder(Math.Min(text.Length, maxChars) + 16);
        foreach (var c in text)
        {
            if (builder.Length >= maxChars)
            {
                builder.Append('…');
                break;
            }
            if (char.IsControl(c)) builder.Append("\\u").Append(((int)c).ToString("x4"));
            else builder.Append(c);
        }
        return builder.ToString();
    }
}
