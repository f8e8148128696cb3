namespace Hotpath.Plugin.Grpc;

/// <summary>The <c>grpc-timeout</c> header: at most 8 digits and a unit (H, M, S, m, u, n).</summary>
public static class GrpcTimeout
{
    /// <summary>Returns the timeout, or null when the header is absent. Throws <see cref="GrpcException"/> when malformed.</summary>
    public static TimeSpan? Parse(string? header)
    {
        if (string.IsNullOrEmpty(header))
        {
            return null;
        }
        if (header.Length is < 2 or > 9 || !long.TryParse(header.AsSpan(0, header.Length - 1), System.Globalization.NumberStyles.None, null, out var amount))
        {
            throw new GrpcException(StatusCode.Internal, $"malformed grpc-timeout '{header}'");
        }
        return header[^1] switch
        {
            'H' => TimeSpan.FromHours(amount),
            'M' => TimeSpan.FromMinutes(amount),
            'S' => TimeSpan.FromSeconds(amount),
            'm' => TimeSpan.FromMilliseconds(amount),
            'u' => TimeSpan.FromTicks(amount * 10),
            'n' => TimeSpan.FromTicks(amount / 100),
            _ => throw new GrpcException(StatusCode.Internal, $"malformed grpc-timeout '{header}': unknown unit '{header[^1]}'"),
        };
    }
}
