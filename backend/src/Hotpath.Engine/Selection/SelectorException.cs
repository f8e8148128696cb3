namespace Hotpath.Engine.Selection;

/// <summary>
/// A label selector that cannot be parsed or evaluated. The message has Prometheus' shape,
/// <c>&lt;line&gt;:&lt;column&gt;: parse error: &lt;what&gt;</c>, which Pyroscope passes through to its clients.
/// </summary>
public sealed class SelectorException(string message) : Exception(message);
