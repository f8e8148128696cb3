using Hotpath.Engine.Errors;

namespace Hotpath.Query.Routing;

/// <summary>The resource routes' mapping of <see cref="ErrorKind"/>: the HTTP status and the <c>kind</c> of docs/openapi.yaml's ErrorBody.</summary>
public static class ErrorKindExtensions
{
    public static int Status(this ErrorKind kind) => kind switch
    {
        ErrorKind.BadRequest => 400,
        ErrorKind.NotFound => 404,
        ErrorKind.MethodNotAllowed => 405,
        ErrorKind.PayloadTooLarge => 413,
        // No route refuses with these three; should one, the resource contract's nearest kind.
        ErrorKind.Unprocessable or ErrorKind.NotImplemented => 400,
        ErrorKind.Unavailable => 502,
        ErrorKind.Downstream => 502,
        ErrorKind.DownstreamTimeout => 504,
        ErrorKind.InsufficientStorage => 507,
        ErrorKind.TooManyRequests => 429,
        _ => 500,
    };

    public static string Wire(this ErrorKind kind) => kind switch
    {
        ErrorKind.BadRequest => "bad_request",
        ErrorKind.NotFound => "not_found",
        ErrorKind.MethodNotAllowed => "method_not_allowed",
        ErrorKind.PayloadTooLarge => "payload_too_large",
        ErrorKind.Unprocessable or ErrorKind.NotImplemented => "bad_request",
        ErrorKind.Unavailable => "downstream",
        ErrorKind.Downstream => "downstream",
        ErrorKind.DownstreamTimeout => "downstream_timeout",
        ErrorKind.InsufficientStorage => "insufficient_storage",
        ErrorKind.TooManyRequests => "too_many_requests",
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
