using System.Text;
using Runner.Extensible.Transports.Shared;

namespace Runner.Extensible.Transports.Tests.Shared;

public sealed class BoundedLineReaderTests
{
    /// <summary>A stream that hands out its bytes a few at a time, as pipes and sockets do.</summary>
    private sealed class TrickleStream(byte[] bytes, int chunk) : Stream
    {
        private int _position;

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = Math.Min(Math.Min(count, chunk), bytes.Length - _position);
            Array.Copy(bytes, _position, buffer, offset, n);
            _position += n;
            return n;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    private static async Task<List<string>> ReadAllAsync(string text, int maxLineBytes, int chunk)
    {
        using var reader = new BoundedLineReader(new TrickleStream(Encoding.UTF8.GetBytes(text), chunk), maxLineBytes);
        var results = new List<string>();
        while (true)
        {
            switch (await reader.ReadLineAsync(CancellationToken.None))
            {
                case LineKind.End:
                    return results;
                case LineKind.TooLong:
                    results.Add($"<too long: {reader.SkippedBytes}>");
                    break;
                default:
                    results.Add(Encoding.UTF8.GetString(reader.Line.Span));
                    break;
            }
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(4096)]
    public async Task Splits_lines_however_the_bytes_arrive(int chunk)
    {
        var lines = await ReadAllAsync("one\ntwo\r\n\nthree", 64, chunk);

        lines.ShouldBe(["one", "two", "", "three"]);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(100_000)]
    public async Task Skips_a_line_above_the_limit_and_keeps_the_next_one(int chunk)
    {
        var lines = await ReadAllAsync($"short\n{new string('x', 5000)}\nafter\n", 1000, chunk);

        lines.ShouldBe(["short", "<too long: 5000>", "after"]);
    }

    [Fact]
    public async Task A_line_of_exactly_the_limit_is_kept_with_or_without_a_carriage_return()
    {
        var exact = new string('y', 100);

        (await ReadAllAsync($"{exact}\n{exact}\r\n{exact}y\n", 100, 13)).ShouldBe([exact, exact, "<too long: 101>"]);
    }

    [Fact]
    public async Task An_endless_line_is_skipped_to_the_end_of_the_stream_without_buffering_it()
    {
        var lines = await ReadAllAsync(new string('z', 200_000), 1024, 8192);

        lines.ShouldBe(["<too long: 200000>"]);
    }
}
