using Runner.Extensible.SourceMaps;
using static Runner.Extensible.Tests.SourceMaps.TestSourceMap;

namespace Runner.Extensible.Tests.SourceMaps;

public sealed class DecodedSourceMapTests
{
    // Generated line 1: col 0 → a.ts 1:0, col 10 → a.ts 1:5 "foo", col 10 again → a.ts 2:0 "bar", col 20 → no source.
    // Generated line 2: col 4 → a.ts 3:2.
    private static readonly DecodedSourceMap Map = DecodedSourceMap.Parse(
        MapJson(
            EncodeMappings(
                [new(0, 0, 0, 0), new(10, 0, 0, 5, 0), new(10, 0, 1, 0, 1), new(20)],
                [new(4, 0, 2, 2)]),
            ["a.ts"], names: ["foo", "bar"]),
        "/root/src/a.js");

    [Theory]
    [InlineData(1, 0, 1, 0, null)]    // exact
    [InlineData(1, 5, 1, 0, null)]    // greatest lower bound: the segment at col 0
    [InlineData(1, 10, 1, 5, "foo")]  // exact hit on a repeated column: the first of them
    [InlineData(1, 15, 2, 0, "bar")]  // lower bound of a repeated column: the last of them (jridgewell)
    [InlineData(2, 4, 3, 2, null)]
    [InlineData(2, 400, 3, 2, null)]
    public void Finds_the_greatest_lower_bound(int line, int column, int originalLine, int originalColumn, string? name)
    {
        var position = Map.OriginalPositionFor(line, column).ShouldNotBeNull();
        position.ShouldBe(new OriginalPosition("/root/src/a.ts", originalLine, originalColumn, name));
    }

    [Theory]
    [InlineData(1, 25)]  // a segment without a source
    [InlineData(2, 3)]   // before the first segment of the line
    [InlineData(3, 0)]   // past the last line
    [InlineData(0, 0)]   // lines are 1-based
    [InlineData(1, -1)]  // columns are 0-based
    public void Returns_nothing_where_the_map_says_nothing(int line, int column)
    {
        Map.OriginalPositionFor(line, column).ShouldBeNull();
    }

    [Fact]
    public void Resolves_sources_against_the_directory_of_the_maps_url()
    {
        var map = DecodedSourceMap.Parse("""{"version":3,"mappings":"","sources":["../lib/a.ts","b.ts","/abs/c.ts",null,"./d/../e.ts"],"sourcesContent":["A",null]}""", "/root/src/out.js");

        map.ResolvedSources.ShouldBe(["/root/lib/a.ts", "/root/src/b.ts", "/abs/c.ts", "/root/src", "/root/src/e.ts"]);
        map.SourcesContent.ShouldBe(["A", null]);
    }

    [Fact]
    public void A_source_index_out_of_range_gives_no_source()
    {
        var map = DecodedSourceMap.Parse(MapJson(EncodeMappings([[new(0, 3, 0, 0)]]), ["only.ts"]), "/x.js");

        map.OriginalPositionFor(1, 0).ShouldNotBeNull().Source.ShouldBeNull();
    }

    [Fact]
    public void Malformed_mappings_surface_on_lookup_not_on_parse()
    {
        var map = DecodedSourceMap.Parse("""{"version":3,"mappings":"A!","sources":["a.ts"]}""", "/x.js");

        Should.Throw<FormatException>(() => map.OriginalPositionFor(1, 0));
    }
}
