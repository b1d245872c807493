using System.Buffers;
using System.Net.WebSockets;

namespace Runner.Extensible.Transports.WebSockets;

/// <summary>What <see cref="InboundMessageReader.ReadAsync"/> read.</summary>
internal enum InboundKind
{
    /// <summary>A whole message (text or binary) within the limit.</summary>
    Message,

    /// <summary>A message above the limit; its bytes were read and discarded.</summary>
    TooLarge,

    /// <summary>The server sent a close frame.</summary>
    Closed,
}

/// <summary>
/// Reads one WebSocket message at a time, buffering at most the configured limit: the frames of a larger message
/// are read and thrown away so the connection stays usable.
/// </summary>
internal sealed class InboundMessageReader(int maxBytes) : IDisposable
{
    private const int ChunkBytes = 16 * 1024;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(ChunkBytes);

    /// <summary>The last message's bytes (valid until the next read).</summary>
    public ReadOnlyMemory<byte> Message { get; private set; }

    /// <summary>The size of the last <see cref="InboundKind.TooLarge"/> message.</summary>
    public long DiscardedBytes { get; private set; }

    /// <summary>The close status of a <see cref="InboundKind.Closed"/> result.</summary>
    public WebSocketCloseStatus? CloseStatus { get; private set; }

    /// <summary>The close description of a <see cref="InboundKind.Closed"/> result.</summary>
    public string? CloseDescription { get; private set; }

    public async ValueTask<InboundKind> ReadAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        var length = 0;
        long discarded = -1;
        while (true)
        {
            if (discarded < 0 && _buffer.Length - length < ChunkBytes / 4) Grow(length);
            var target = discarded < 0 ? _buffer.AsMemory(length) : _buffer.AsMemory();
            var result = await socket.ReceiveAsync(target, cancellationToken).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                CloseStatus = socket.CloseStatus;
                CloseDescription = socket.CloseStatusDescription;
                return InboundKind.Closed;
            }
            if (discarded >= 0) discarded += result.Count;
            else
            {
                length += result.Count;
                if (length > maxBytes)
                {
                    // Over the limit: stop keeping bytes, but read the message to its end.
                    discarded = length;
                }
            }
            if (!result.EndOfMessage) continue;
            if (discarded >= 0)
            {
                DiscardedBytes = discarded;
                Message = ReadOnlyMemory<byte>.Empty;
                return InboundKind.TooLarge;
            }
            Message = _buffer.AsMemory(0, length);
            return InboundKind.Message;
        }
    }

    private void Grow(int used)
    {
        // Room for the limit plus one chunk is enough to notice that a message is too large.
        var wanted = (int)Math.Min((long)_buffer.Length * 2, (long)maxBytes + ChunkBytes);
        if (wanted <= _buffer.Length) return;
        var bigger = ArrayPool<byte>.Shared.Rent(wanted);
        Buffer.BlockCopy(_buffer, 0, bigger, 0, used);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = bigger;
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }
}
