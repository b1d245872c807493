using Runner.Extensible.SourceMaps;

namespace Runner.Extensible.Tests.SourceMaps;

public sealed class SourcePathsTests
{
    [Theory]
    [InlineData("/a/b/c.js", "/a/b")]
    [InlineData("/c.js", "/")]
    [InlineData("c.js", ".")]
    [InlineData("\0virtual:m", ".")]
    [InlineData("/a/b/", "/a")]
    [InlineData("C:\\x\\y.js", "C:/x")]
    [InlineData("c:/y.js", "C:/")]
    [InlineData("file:///a/b.js", "file:///a")]
    public void Dirname_matches_pathe(string path, string expected)
    {
        SourcePaths.Dirname(path).ShouldBe(expected);
    }

    [Theory]
    [InlineData("/a/b", "c.ts", "/a/b/c.ts")]
    [InlineData("/a/b", "../c.ts", "/a/c.ts")]
    [InlineData("/a/b", "../../../c.ts", "/c.ts")]
    [InlineData("/a/b", "/x/./y/../z.ts", "/x/z.ts")]
    [InlineData("/a/b", "", "/a/b")]
    [InlineData("C:/a", "b.ts", "C:/a/b.ts")]
    public void Resolve_matches_pathe(string from, string to, string expected)
    {
        SourcePaths.Resolve(from, to).ShouldBe(expected);
    }

    [Fact]
    public void Resolve_of_relative_paths_starts_at_the_working_directory()
    {
        SourcePaths.Resolve(".", "x.ts").ShouldBe(Environment.CurrentDirectory.Replace('\\', '/').TrimEnd('/') + "/x.ts");
    }

    [Theory]
    [InlineData("/root/src/a.js", "b.ts", "/root/src/b.ts")]
    [InlineData("/root/src/a.js", "/abs/b.ts", "/abs/b.ts")]
    [InlineData("file:///root/src/a.js", "b.ts", "file:///root/src/b.ts")]
    [InlineData("http://host:5173/src/a.js", "../b.ts", "http://host:5173/b.ts")]
    [InlineData(null, "b.ts", "b.ts")]
    public void Support_relative_url_keeps_the_url_origin(string? file, string url, string expected)
    {
        SourcePaths.SupportRelativeUrl(file, url).ShouldBe(expected);
    }

    [Theory]
    [InlineData("/a%20b/c.js", "/a b/c.js")]
    [InlineData("/a%09%0Ab.js", "/a\t\nb.js")]
    [InlineData("/a%E2%80%A8b.js", "/a\u2028b.js")] // line separator is whitespace in JavaScript
    [InlineData("/a%25b.js", "/a%25b.js")]          // "%" is not whitespace: stays encoded
    [InlineData("/%C3%A9.js", "/%C3%A9.js")]        // é stays encoded
    [InlineData("/a%FFb.js", "/a%FFb.js")]          // not UTF-8: stays as written
    [InlineData("/a%2", "/a%2")]
    [InlineData("/plain.js", "/plain.js")]
    public void Decode_source_url_only_decodes_whitespace(string url, string expected)
    {
        SourcePaths.DecodeSourceUrl(url).ShouldBe(expected);
    }
}
