using System.Runtime.InteropServices;
using System.Text;

namespace Runner.Extensible.V8.Engine.Native;

/// <summary>NUL-terminated UTF-8 strings crossing the native boundary.</summary>
internal static unsafe class NativeText
{
    internal static string Read(byte* text) =>
        text == null ? string.Empty : System.Runtime.InteropServices.Marshal.PtrToStringUTF8((nint)text) ?? string.Empty;

    /// <summary>Copies <paramref name="text"/> into unmanaged memory; free with <see cref="NativeMemory.Free"/>.</summary>
    internal static byte* Alloc(string text)
    {
        var count = Encoding.UTF8.GetByteCount(text);
        var buffer = (byte*)NativeMemory.Alloc((nuint)count + 1);
        Encoding.UTF8.GetBytes(text, new Span<byte>(buffer, count));
        buffer[count] = 0;
        return buffer;
    }
}
