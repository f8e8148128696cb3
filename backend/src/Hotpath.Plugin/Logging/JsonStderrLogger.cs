using System.Buffers;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Hotpath.Plugin.Logging;

/// <summary>
/// Writes one JSON object per line to stderr, the format go-plugin parses and forwards into
/// Grafana's log: <c>@level</c> (trace|debug|info|warn|error), <c>@message</c>, then the structured
/// fields as top-level keys. No <c>@timestamp</c>: Grafana stamps lines itself and drops the
/// plugin's, and a timestamp without exactly 6 fractional digits would turn the line into plain text.
/// </summary>
public sealed class JsonStderrLoggerProvider(Stream output, LogLevel minimum) : ILoggerProvider
{
    private readonly Lock _gate = new();

    public LogLevel Minimum { get; set; } = minimum;

    public ILogger CreateLogger(string categoryName) => new JsonLogger(this, categoryName);

    public void Dispose() => output.Flush();

    /// <summary>Writes one complete line (without its newline) atomically with respect to other writers.</summary>
    internal void Write(ReadOnlySpan<byte> utf8Line)
    {
        lock (_gate)
        {
            output.Write(utf8Line);
            output.WriteByte((byte)'\n');
            output.Flush();
        }
    }

    public static string LevelName(LogLevel level) => level switch
    {
        LogLevel.Trace => "trace",
        LogLevel.Debug => "debug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        _ => "error",
    };

    /// <summary>Reads a level name as Grafana's configuration spells it (trace, debug, info, warn/warning, error); null when unknown.</summary>
    public static LogLevel? ParseLevel(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "trace" => LogLevel.Trace,
        "debug" => LogLevel.Debug,
        "info" or "information" => LogLevel.Information,
        "warn" or "warning" => LogLevel.Warning,
        "error" or "critical" => LogLevel.Error,
        _ => null,
    };

    private sealed class JsonLogger(JsonStderrLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None && logLevel >= provider.Minimum;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }
            var buffer = new ArrayBufferWriter<byte>(256);
            using (var json = new Utf8JsonWriter(buffer))
            {
                json.WriteStartObject();
                json.WriteString("@level", LevelName(logLevel));
                json.WriteString("@message", formatter(state, exception));
                json.WriteString("logger", category);
                if (state is IReadOnlyList<KeyValuePair<string, object?>> fields)
                {
                    foreach (var (key, value) in fields)
                    {
                        if (key == "{OriginalFormat}" || key.StartsWith('@'))
                        {
                            continue;
                        }
                        WriteField(json, key, value);
                    }
                }
                if (exception is not null)
                {
                    json.WriteString("error", exception.ToString());
                }
                json.WriteEndObject();
            }
            provider.Write(buffer.WrittenSpan);
        }

        private static void WriteField(Utf8JsonWriter json, string key, object? value)
        {
            switch (value)
            {
                case null: json.WriteNull(key); break;
                case bool b: json.WriteBoolean(key, b); break;
                case int i: json.WriteNumber(key, i); break;
                case long l: json.WriteNumber(key, l); break;
                case double d when double.IsFinite(d): json.WriteNumber(key, d); break;
                default: json.WriteString(key, Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)); break;
            }
        }
    }
}
