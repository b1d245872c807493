using System.Buffers;

namespace Runner.Extensible.Transports.Shared;

/// <summary>What <see cref="BoundedLineReader.ReadLineAsync"/> found.</summary>
internal enum LineKind
{
    /// <summary>A complete line (without its <c>\n</c> and a <c>\r</c> before it).</summary>
    Line,

    /// <summary>A line longer than the limit; it was skipped without being buffered.</summary>
    TooLong,

    /// <summary>The stream ended.</summary>
    End,
}

/// <summary>
/// Reads <c>\n</c>-terminated lines (newline-delimited JSON, server-sent events) from a stream while holding at
/// most <c>maxLineBytes</c> of one line: a longer line is skipped to its end and reported as
/// <see cref="LineKind.TooLong"/> with its length, so a runaway peer cannot exhaust memory.
/// </summary>
/// <remarks>Not thread-safe: one reader loop owns it. The returned line is valid until the next call.</remarks>
internal sealed class BoundedLineReader : IDisposable
{
    private const int InitialBufferBytes = 16 * 1024;
    private readonly Stream _stream;
    private readonly int _maxLineBytes;
    private byte[] _buffer;
    private int _start;
    private int _end;
    private bool _ended;

    public BoundedLineReader(Stream stream, int maxLineBytes)
    {
        _stream = stream;
        _maxLineBytes = maxLineBytes;
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Min(InitialBufferBytes, maxLineBytes + 2));
    }

    /// <summary>The last line read (valid until the next call).</summary>
    public ReadOnlyMemory<byte> Line { get; private set; }

    /// <summary>Length in bytes of the last <see cref="LineKind.TooLong"/> line.</summary>
    public long SkippedBytes { get; private set; }

    /// <summary>Reads the next line.</summary>
    public async ValueTask<LineKind> ReadLineAsync(CancellationToken cancellationToken)
    {
        var searchFrom = _start;
        while (true)
        {
            var newline = Array.IndexOf(_buffer, (byte)'\n', searchFrom, _end - searchFrom);
            if (newline >= 0)
            {
                var length = newline - _start;
                if (length > 0 && _buffer[newline - 1] == (byte)'\r') length--;
                Line = _buffer.AsMemory(_start, length);
                _start = newline + 1;
                return length > _maxLineBytes ? Skipped(length) : LineKind.Line;
            }
            if (_ended)
            {
                if (_start == _end) return LineKind.End;
                // A last line without a newline still counts.
                var length = _end - _start;
                Line = _buffer.AsMemory(_start, length);
                _start = _end;
                return length > _maxLineBytes ? Skipped(length) : LineKind.Line;
            }
            // One byte of slack: a "\r" before the newline does not count against the limit.
            if (_end - _start > _maxLineBytes + 1)
                return await SkipRestOfLineAsync(cancellationToken).ConfigureAwait(false);
            MakeRoom();
            searchFrom = _end;
            var read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
            if (read == 0) _ended = true;
            _end += read;
        }
    }

    private LineKind Skipped(long length)
    {
        Line = ReadOnlyMemory<byte>.Empty;
        SkippedBytes = length;
        return LineKind.TooLong;
    }

    /// <summary>Discards bytes up to and including the next newline (or the end of the stream).</summary>
    private async ValueTask<LineKind> SkipRestOfLineAsync(CancellationToken cancellationToken)
    {
        long skipped = _end - _start;
        _start = _end = 0;
        while (true)
        {
            var read = await _stream.ReadAsync(_buffer, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                _ended = true;
                return Skipped(skipped);
            }
            var newline = Array.IndexOf(_buffer, (byte)'\n', 0, read);
            if (newline >= 0)
            {
                skipped += newline;
                _start = newline + 1;
                _end = read;
                return Skipped(skipped);
            }
            skipped += read;
        }
    }

    /// <summary>Moves the unread bytes to the front, and grows the buffer (up to the limit) when it is full.</summary>
    private void MakeRoom()
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        if (_end < _buffer.Length) return;
        var bigger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)_buffer.Length * 2, (long)_maxLineBytes + 2));
        Buffer.BlockCopy(_buffer, 0, bigger, 0, _end);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = bigger;
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }
}
