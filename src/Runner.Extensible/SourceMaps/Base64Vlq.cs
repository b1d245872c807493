namespace Runner.Extensible.SourceMaps;

/// <summary>
/// Decodes the <c>mappings</c> field of a version 3 source map: lines separated by <c>;</c>, segments by
/// <c>,</c>, each segment 1, 4 or 5 Base64 VLQ numbers, every field relative to the previous segment (the
/// generated column resets on each line, the other fields never do).
/// </summary>
internal static class Base64Vlq
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    private const int ContinuationBit = 32;
    private const int ValueMask = 31;
    private static readonly sbyte[] DigitOf = BuildDigitTable();

    /// <summary>Decodes all lines of a <c>mappings</c> string; each line's segments are sorted by generated column.</summary>
    /// <exception cref="FormatException">The text is not valid Base64 VLQ, or a segment has 2, 3 or more than 5 fields.</exception>
    public static SourceMapSegment[][] DecodeMappings(string mappings)
    {
        var lines = new List<SourceMapSegment[]>();
        var line = new List<SourceMapSegment>();
        Span<int> fields = stackalloc int[5];
        int sourceIndex = 0, sourceLine = 0, sourceColumn = 0, nameIndex = 0;
        var generatedColumn = 0;
        var sorted = true;
        var position = 0;
        while (true)
        {
            if (position >= mappings.Length || mappings[position] == ';')
            {
                // OrderBy is stable: equal columns keep file order, as Array.prototype.sort does.
                lines.Add(sorted ? line.ToArray() : line.OrderBy(s => s.GeneratedColumn).ToArray());
                if (position >= mappings.Length) break;
                line.Clear();
                generatedColumn = 0;
                sorted = true;
                position++;
                continue;
            }
            if (mappings[position] == ',')
            {
                position++;
                continue;
            }

            var count = 0;
            while (position < mappings.Length && mappings[position] is not (',' or ';'))
            {
                if (count == fields.Length) throw new FormatException($"A source map segment has more than 5 fields (at offset {position}).");
                fields[count++] = ReadValue(mappings, ref position);
            }
            if (count is 2 or 3) throw new FormatException($"A source map segment has {count} fields; expected 1, 4 or 5 (before offset {position}).");

            var previousColumn = generatedColumn;
            generatedColumn += fields[0];
            if (line.Count > 0 && generatedColumn < previousColumn) sorted = false;
            if (count == 1)
            {
                line.Add(SourceMapSegment.ColumnOnly(generatedColumn));
                continue;
            }
            sourceIndex += fields[1];
            sourceLine += fields[2];
            sourceColumn += fields[3];
            if (count == 5) nameIndex += fields[4];
            line.Add(new SourceMapSegment(generatedColumn, sourceIndex, sourceLine, sourceColumn, count == 5 ? nameIndex : 0, count));
        }
        return lines.ToArray();
    }

    /// <summary>Reads one VLQ number starting at <paramref name="position"/> and advances past it.</summary>
    /// <exception cref="FormatException">A character outside the Base64 alphabet, a truncated number, or a value beyond 32 bits.</exception>
    public static int ReadValue(string text, ref int position)
    {
        var raw = 0L;
        var shift = 0;
        while (true)
        {
            if (position >= text.Length) throw new FormatException("A Base64 VLQ number is cut off at the end of the mappings.");
            var c = text[position];
            var digit = c < DigitOf.Length ? DigitOf[c] : -1;
            if (digit < 0) throw new FormatException($"'{c}' at offset {position} is not a Base64 VLQ digit.");
            position++;
            raw |= (long)(digit & ValueMask) << shift;
            if ((digit & ContinuationBit) == 0) break;
            shift += 5;
            if (shift > 31) throw new FormatException($"A Base64 VLQ number exceeds 32 bits (before offset {position}).");
        }
        var magnitude = (int)((raw >> 1) & 0x7FFFFFFF);
        var negative = (raw & 1) != 0;
        // "-0" decodes to int.MinValue, as in @jridgewell/sourcemap-codec.
        return negative ? (magnitude == 0 ? int.MinValue : -magnitude) : magnitude;
    }

    private static sbyte[] BuildDigitTable()
    {
        var table = new sbyte[128];
        Array.Fill(table, (sbyte)-1);
        for (var i = 0; i < Alphabet.Length; i++) table[Alphabet[i]] = (sbyte)i;
        return table;
    }
}
