using System.Text;
using System.Text.Json;

namespace Hotpath.Plugin.Logging;

/// <summary>
/// Replaces <see cref="Console.Out"/> in plugin mode. go-plugin reads the plugin's stdout for the
/// handshake, so nothing else may ever reach it; anything a library prints is turned into a JSON
/// log line on stderr instead, whole lines at a time.
/// </summary>
public sealed class StrayOutputWriter(JsonStderrLoggerProvider log) : TextWriter
{
    private readonly StringBuilder _line = new();
    private readonly Lock _gate = new();

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value)
    {
        lock (_gate)
        {
            if (value == '\n')
            {
                FlushLine();
            }
            else if (value != '\r')
            {
                _line.Append(value);
            }
        }
    }

    public override void Flush()
    {
        lock (_gate)
        {
            if (_line.Length > 0)
            {
                FlushLine();
            }
        }
    }

    private void FlushLine()
    {
        var message = JsonSerializer.Serialize(_line.ToString(), LogJson.Default.String);
        log.Write(Encoding.UTF8.GetBytes($"{{\"@level\":\"info\",\"@message\":{message},\"stream\":\"stdout\"}}"));
        _line.Clear();
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(string))]
internal sealed partial class LogJson : System.Text.Json.Serialization.JsonSerializerContext;
