using Runner.Extensible.SourceMaps;

namespace Runner.Extensible.Tests.SourceMaps;

public sealed class SourceMappingCommentsTests
{
    private const string Prefix = SourceMappingComments.InlineMapPrefix;

    [Fact]
    public void Takes_the_last_inline_map_to_the_end_of_its_line()
    {
        var code = $"const s = \"{Prefix}invalidbase64\";\nfoo();\n{Prefix}REAL\n";

        SourceMappingComments.ExtractInlineMap(code).ShouldBe("REAL");
    }

    [Theory]
    [InlineData("x\r\n" + Prefix + "QUJD\r\n", "QUJD")]
    [InlineData("x\n" + Prefix + "QUJD", "QUJD")]
    [InlineData("x\n" + Prefix + "QUJD\r", "QUJD")]
    [InlineData(Prefix, "")]
    public void Drops_a_trailing_carriage_return(string code, string expected)
    {
        SourceMappingComments.ExtractInlineMap(code).ShouldBe(expected);
    }

    [Fact]
    public void Code_without_an_inline_map_has_none()
    {
        SourceMappingComments.ExtractInlineMap("//# sourceMappingURL=a.js.map\n").ShouldBeNull();
    }

    [Theory]
    [InlineData("a\n//# sourceMappingURL=first.map\nb\n//# sourceMappingURL=second.map\n", "second.map")]
    [InlineData("a\n//@ sourceMappingURL=old-style.map", "old-style.map")]
    [InlineData("a\n/*# sourceMappingURL=block.map */\n", "block.map")]
    [InlineData("a\n//# sourceMappingURL=data:application/json;base64,e30=  \n", "data:application/json;base64,e30=")]
    [InlineData("a\n//# sourceMappingURL=real.map\nconst s = '//# sourceMappingURL=fake.map';\n", "real.map")] // the literal does not end its line
    [InlineData("a\n//# sourceMappingURL=x.map trailing code\n", null)]
    [InlineData("no comment", null)]
    public void Finds_the_last_map_comment_of_a_file(string contents, string? expected)
    {
        SourceMappingComments.FindLastMapUrl(contents).ShouldBe(expected);
    }

    [Theory]
    [InlineData("eyJhIjoxfQ==", "{\"a\":1}")]
    [InlineData("eyJhIjoxfQ", "{\"a\":1}")]        // padding is optional
    [InlineData("eyJh\nIjox fQ==", "{\"a\":1}")]   // stray whitespace is skipped
    [InlineData("YT8-Yg==", "a?>b")]              // URL-safe digits ("YT8+Yg==" in standard Base64)
    [InlineData("wr_Cvw", "¿¿")]
    [InlineData("", null)]
    public void Decodes_base64_as_leniently_as_node_buffers(string base64, string? expected)
    {
        SourceMappingComments.DecodeBase64Utf8(base64).ShouldBe(expected);
    }

    [Theory]
    [InlineData("data:application/json;base64,eyJhIjoxfQ==", true, "{\"a\":1}")]
    [InlineData("data:application/json;charset=utf-8;base64,eyJhIjoxfQ==", true, "{\"a\":1}")]
    [InlineData("data:application/json,{}", false, null)]
    [InlineData("bundle.js.map", false, null)]
    public void Recognises_base64_json_data_urls(string url, bool isData, string? json)
    {
        SourceMappingComments.TryDecodeDataUrl(url, out var decoded).ShouldBe(isData);
        decoded.ShouldBe(json);
    }
}
