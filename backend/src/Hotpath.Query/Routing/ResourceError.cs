namespace Hotpath.Query.Routing;

/// <summary>
/// Where a failure comes from, decided at the edge where it is caught: the caller's request,
/// a downstream profile source, or Hotpath itself.
/// </summary>
public enum ErrorKind
{
    BadRequest,
    NotFound,
    MethodNotAllowed,
    PayloadTooLarge,
    Downstream,
    DownstreamTimeout,
    Plugin,
}

public static class ErrorKindExtensions
{
    public static int Status(this ErrorKind kind) => kind switch
    {
        ErrorKind.BadRequest => 400,
        ErrorKind.NotFound => 404,
        ErrorKind.MethodNotAllowed => 405,
        ErrorKind.PayloadTooLarge => 413,
        ErrorKind.Downstream => 502,
        ErrorKind.DownstreamTimeout => 504,
        _ => 500,
    };

    public static string Wire(this ErrorKind kind) => kind switch
    {
        ErrorKind.BadRequest => "bad_request",
        ErrorKind.NotFound => "not_found",
        ErrorKind.MethodNotAllowed => "method_not_allowed",
        ErrorKind.PayloadTooLarge => "payload_too_large",
        ErrorKind.Downstream => "downstream",
        ErrorKind.DownstreamTimeout => "downstream_timeout",
        _ => "plugin",
    };
}

/// <summary>
/// A failure a route reports to its caller. The message names what was wrong (the parameter,
/// the source, the limit) and never carries secrets.
/// </summary>
public sealed class ResourceError(ErrorKind kind, string message, string? allow = null) : Exception(message)
{
    public ErrorKind Kind { get; } = kind;

    /// <summary>For 405: the methods the path does accept, as the <c>Allow</c> header lists them.</summary>
    public string? Allow { get; } = allow;

    public static ResourceError BadParameter(string name, string problem) => new(ErrorKind.BadRequest, $"parameter '{name}': {problem}");
}
