using System.Buffers;
using System.Text;
using Runner.Extensible.Transports.Shared;

namespace Runner.Extensible.Transports.Http;

/// <summary>What <see cref="ServerSentEventReader.ReadAsync"/> read.</summary>
internal enum SseKind
{
    /// <summary>An event with data.</summary>
    Event,

    /// <summary>An event whose data exceeded the limit; it was skipped.</summary>
    TooLarge,

    /// <summary>The stream ended.</summary>
    End,
}

/// <summary>
/// Parses a <c>text/event-stream</c> (the WHATWG rules the plugin writes by: <c>event:</c> and <c>data:</c> fields,
/// comments, an empty line ends an event) without holding more than the limit of one event's data.
/// </summary>
internal sealed class ServerSentEventReader(Stream stream, int maxEventBytes) : IDisposable
{
    private readonly BoundedLineReader _lines = new(stream, maxEventBytes + 16);
    private readonly ArrayBufferWriter<byte> _data = new();
    private string _eventType = "message";
    private bool _tooLarge;
    private long _tooLargeBytes;

    /// <summary>The last event's type (<c>message</c> when it named none).</summary>
    public string EventType { get; private set; } = "message";

    /// <summary>The last event's data, its <c>data:</c> lines joined by <c>\n</c> (valid until the next read).</summary>
    public ReadOnlyMemory<byte> Data { get; private set; }

    /// <summary>The size of the last <see cref="SseKind.TooLarge"/> event's data.</summary>
    public long SkippedBytes { get; private set; }

    /// <summary>Called for every line received, comments included: the stream is alive.</summary>
    public Action? OnActivity { get; set; }

    /// <summary>Reads up to the end of the next event that has data.</summary>
    public async ValueTask<SseKind> ReadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var kind = await _lines.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            if (kind == LineKind.End) return SseKind.End;
            OnActivity?.Invoke();
            if (kind == LineKind.TooLong)
            {
                _tooLarge = true;
                _tooLargeBytes += _lines.SkippedBytes;
                continue;
            }
            var line = _lines.Line.Span;
            if (line.IsEmpty)
            {
                if (TryDispatch(out var dispatched)) return dispatched;
                continue;
            }
            if (line[0] == (byte)':') continue; // a comment, such as the server's keep-alive
            var colon = line.IndexOf((byte)':');
            var field = colon < 0 ? line : line[..colon];
            var value = colon < 0 ? ReadOnlySpan<byte>.Empty : line[(colon + 1)..];
            if (!value.IsEmpty && value[0] == (byte)' ') value = value[1..];
            if (field.SequenceEqual("data"u8)) AppendData(value);
            else if (field.SequenceEqual("event"u8)) _eventType = Encoding.UTF8.GetString(value);
            // "id" and "retry" do not matter here: reconnecting is this transport's own business.
        }
    }

    private void AppendData(ReadOnlySpan<byte> value)
    {
        if (_tooLarge)
        {
            _tooLargeBytes += value.Length + 1;
            return;
        }
        if (_data.WrittenCount > 0) _data.Write("\n"u8);
        if (_data.WrittenCount + value.Length > maxEventBytes)
        {
            _tooLarge = true;
            _tooLargeBytes = _data.WrittenCount + value.Length;
            _data.Clear();
            return;
        }
        _data.Write(value);
    }

    private bool TryDispatch(out SseKind kind)
    {
        EventType = _eventType;
        _eventType = "message";
        if (_tooLarge)
        {
            SkippedBytes = _tooLargeBytes;
            _tooLarge = false;
            _tooLargeBytes = 0;
            _data.Clear();
            Data = ReadOnlyMemory<byte>.Empty;
            kind = SseKind.TooLarge;
            return true;
        }
        if (_data.WrittenCount == 0)
        {
            // An event without data is not dispatched (WHATWG).
            kind = default;
            return false;
        }
        Data = _data.WrittenMemory.ToArray();
        _data.Clear();
        kind = SseKind.Event;
        return true;
    }

    public void Dispose() => _lines.Dispose();
}
