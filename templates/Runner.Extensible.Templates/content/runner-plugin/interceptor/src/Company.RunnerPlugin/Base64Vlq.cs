namespace Company.RunnerPlugin;

/// <summary>Decodes the base64 VLQ numbers of a source map's <c>mappings</c> (source map v3).</summary>
internal static class Base64Vlq
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    /// <summary>Decodes the numbers of one segment (such as <c>AAAA</c>) into <paramref name="values"/>; false when malformed.</summary>
    public static bool TryDecode(ReadOnlySpan<char> segment, Span<int> values, out int count)
    {
        count = 0;
        var i = 0;
        while (i < segment.Length)
        {
            if (count == values.Length) return false;
            long value = 0;
            var shift = 0;
            while (true)
            {
                if (i == segment.Length || shift > 31) return false;
                var digit = Alphabet.IndexOf(segment[i++]);
                if (digit < 0) return false;
                value |= (long)(digit & 31) << shift;
                shift += 5;
                if ((digit & 32) == 0) break;
            }
            // The lowest bit is the sign.
            values[count++] = (int)((value & 1) == 1 ? -(value >> 1) : value >> 1);
        }
        return true;
    }
}
