using Runner.Extensible.SourceMaps;

namespace Runner.Extensible.Tests.SourceMaps;

public sealed class Base64VlqTests
{
    [Theory]
    [InlineData("A", 0)]
    [InlineData("C", 1)]
    [InlineData("D", -1)]
    [InlineData("E", 2)]
    [InlineData("e", 15)]
    [InlineData("gB", 16)]
    [InlineData("hB", -16)]
    [InlineData("2H", 123)]
    [InlineData("w+B", 1000)]
    [InlineData("x+B", -1000)]
    [InlineData("+/////D", int.MaxValue)]
    [InlineData("B", int.MinValue)] // "-0", as @jridgewell/sourcemap-codec decodes it
    public void Reads_one_value(string text, int expected)
    {
        var position = 0;
        Base64Vlq.ReadValue(text, ref position).ShouldBe(expected);
        position.ShouldBe(text.Length);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(-1)]
    [InlineData(31)]
    [InlineData(-32)]
    [InlineData(65535)]
    [InlineData(-1234567)]
    public void Test_encoder_and_decoder_agree(int value)
    {
        var text = TestSourceMap.EncodeValue(value);
        var position = 0;
        Base64Vlq.ReadValue(text, ref position).ShouldBe(value);
    }

    [Fact]
    public void Decodes_lines_with_the_generated_column_reset_per_line_and_other_fields_carried_over()
    {
        var lines = Base64Vlq.DecodeMappings("AAAA;AACA,EAAE;;IAAI,CAAC");

        lines.Length.ShouldBe(4);
        lines[0].ShouldBe([new SourceMapSegment(0, 0, 0, 0, 0, 4)]);
        lines[1].ShouldBe([new SourceMapSegment(0, 0, 1, 0, 0, 4), new SourceMapSegment(2, 0, 1, 2, 0, 4)]);
        lines[2].ShouldBeEmpty();
        lines[3].ShouldBe([new SourceMapSegment(4, 0, 1, 6, 0, 4), new SourceMapSegment(5, 0, 1, 7, 0, 4)]);
    }

    [Fact]
    public void Decodes_names_and_column_only_segments()
    {
        var lines = Base64Vlq.DecodeMappings("AAAAA,CAAEC,E");

        lines.ShouldHaveSingleItem().ShouldBe([
            new SourceMapSegment(0, 0, 0, 0, 0, 5),
            new SourceMapSegment(1, 0, 0, 2, 1, 5),
            new SourceMapSegment(3, 0, 0, 0, 0, 1),
        ]);
        lines[0][1].HasName.ShouldBeTrue();
        lines[0][2].HasSource.ShouldBeFalse();
    }

    [Fact]
    public void Leading_semicolons_are_empty_lines_like_the_servers_start_offset()
    {
        var lines = Base64Vlq.DecodeMappings(";;;AAAA");

        lines.Length.ShouldBe(4);
        lines[..3].ShouldAllBe(l => l.Length == 0);
        lines[3].ShouldHaveSingleItem().GeneratedColumn.ShouldBe(0);
    }

    [Fact]
    public void An_unsorted_line_is_sorted_by_generated_column_keeping_file_order_for_ties()
    {
        // gen 4 (orig col 4), gen 0 (orig col 0), gen 4 again (orig col 9)
        var lines = Base64Vlq.DecodeMappings(TestSourceMap.EncodeMappings([[
            new(4, 0, 0, 4), new(0, 0, 0, 0), new(4, 0, 0, 9),
        ]]));

        lines[0].Select(s => (s.GeneratedColumn, s.SourceColumn)).ShouldBe([(0, 0), (4, 4), (4, 9)]);
    }

    [Theory]
    [InlineData("AA")]      // 2 fields
    [InlineData("AAA")]     // 3 fields
    [InlineData("AAAAAA")]  // 6 fields
    [InlineData("A!AA")]    // not a digit
    [InlineData("g")]       // continuation bit on the last digit
    [InlineData("gggggggB")] // more than 32 bits
    public void Malformed_mappings_are_a_format_error(string mappings)
    {
        Should.Throw<FormatException>(() => Base64Vlq.DecodeMappings(mappings));
    }
}
