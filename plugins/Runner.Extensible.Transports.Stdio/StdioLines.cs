using Microsoft.Extensions.Logging;
using Runner.Extensible.Protocol;
using Runner.Extensible.Transports.Shared;

namespace Runner.Extensible.Transports.Stdio;

/// <summary>Turns a line of the host's stdout into a payload, logging and dropping one that is not.</summary>
internal static class StdioLines
{
    public static HotPayload? TryParse(ReadOnlySpan<byte> line, ILogger logger)
    {
        try
        {
            return ProtocolJson.ParsePayload(line);
        }
        catch (ProtocolException ex)
        {
            StdioTransportLog.DroppedMalformed(logger, ex.Message, PayloadPreview.Of(line));
            return null;
        }
    }
}
