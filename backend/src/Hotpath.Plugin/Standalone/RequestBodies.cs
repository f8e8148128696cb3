using System.IO.Compression;
using Hotpath.Query.Ingest;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Hotpath.Plugin.Standalone;

/// <summary>
/// The server-wide budget of request bytes held in memory at once (<c>serve --max-inflight-bytes</c>).
/// Bodies reserve their buffer before it grows; a reservation that does not fit is refused, never waited
/// for, so a burst of large uploads costs at most the budget and the rest are told to come back.
/// </summary>
public sealed class InFlightBudget(long capacity)
{
    /// <summary>
    /// 320 MiB: one body at the largest limit (Pyroscope's 256 MiB) fits whole beside smaller requests,
    /// and RSS stays under 1 GB whatever the burst.
    /// </summary>
    public const long DefaultBytes = 320L * 1024 * 1024;

    private long _used;

    public long Capacity => capacity;

    public long Used => Interlocked.Read(ref _used);

    public bool TryReserve(long bytes)
    {
        while (true)
        {
            var used = Interlocked.Read(ref _used);
            if (used + bytes > capacity)
            {
                return false;
            }
            if (Interlocked.CompareExchange(ref _used, used + bytes, used) == used)
            {
                return true;
            }
        }
    }

    public void Release(long bytes) => Interlocked.Add(ref _used, -bytes);
}

/// <summary>
/// A request refused while its body was read: 413 over the route's limit (<see cref="RequestTooLarge"/>),
/// 429 with <c>Retry-After</c> over the <see cref="InFlightBudget"/>, 400 for a corrupt gzip body. The
/// server answers it in the shape of the route's family (resource error body or Connect error).
/// </summary>
public sealed class RequestRefusedException(int status, string message) : Exception(message)
{
    public int Status { get; } = status;

    /// <summary>Seconds a client should wait before sending again (429 only).</summary>
    public const int RetryAfterSeconds = 1;

    /// <summary>
    /// The headers every refusal carries: <c>Retry-After</c> on 429, and <c>Connection: close</c> — the
    /// rest of the body is not read, and Kestrel would otherwise drain it to keep the connection.
    /// </summary>
    public void SetHeaders(HttpResponse response)
    {
        if (Status == 429)
        {
            response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        response.Headers.Connection = "close";
    }

    public static RequestRefusedException TooLarge(long limit) => new(RequestTooLarge.Status, RequestTooLarge.Message(limit));

    public static RequestRefusedException Busy(long budget) =>
        new(429, $"too many request bytes in flight: the server holds at most {budget} bytes of request bodies at once; retry after {RetryAfterSeconds} s");
}

/// <summary>
/// The one reader of request bodies for every route of the standalone server (resource routes, Push,
/// <c>/ingest</c>, the querier): it streams the body into one buffer, checking the route's limit and
/// the server's <see cref="InFlightBudget"/> before every growth, so nothing larger than the limit is
/// ever held and no body is buffered whole before the check. <c>Content-Encoding: gzip</c> (Connect's
/// compression) is inflated while streaming, against the same limit on the inflated size.
/// </summary>
public static class RequestBodies
{
    private const int FirstChunk = 64 * 1024;

    /// <summary>Garbage from body buffers (outgrown, or of finished requests) that triggers a collection.</summary>
    private const long CollectAfterBytes = 32L * 1024 * 1024;

    /// <summary>Most bytes of a refused body read and thrown away before the connection is closed.</summary>
    private const long LingerBytes = 4L * 1024 * 1024;

    private static long _garbage;

    /// <summary>
    /// Counts a dropped body buffer. Body buffers are large-object garbage, which the GC keeps until its
    /// own budget runs out: under a burst of big uploads that was several times the in-flight budget in
    /// RSS (1.4 GB peak for a 320 MiB budget; 0.88 GB with this at 64 MiB). Past <see cref="CollectAfterBytes"/> of it, a blocking
    /// collection returns it for reuse; byte arrays hold no references, so the pass is short.
    /// </summary>
    private static void Dropped(long bytes)
    {
        if (Interlocked.Add(ref _garbage, bytes) >= CollectAfterBytes)
        {
            Interlocked.Exchange(ref _garbage, 0);
            GC.Collect(2, GCCollectionMode.Forced, blocking: true);
        }
    }

    /// <summary>
    /// After a refusal has been written: sends it, then reads and discards up to 4 MiB more of the body
    /// (within 2 s) before the connection closes. Closing a socket with unread input sends a reset,
    /// which can reach the client before it has read the answer; a small upload (a gzip bomb) is
    /// consumed whole and ends with a clean close, a large one is cut off after the client had time
    /// to read the answer.
    /// </summary>
    public static async Task LingerAsync(HttpContext http)
    {
        try
        {
            await http.Response.CompleteAsync().ConfigureAwait(false);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
            timeout.CancelAfter(TimeSpan.FromSeconds(2));
            var scratch = new byte[16 * 1024];
            long discarded = 0;
            int read;
            while (discarded < LingerBytes && (read = await http.Request.Body.ReadAsync(scratch, timeout.Token).ConfigureAwait(false)) > 0)
            {
                discarded += read;
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or InvalidOperationException or Microsoft.AspNetCore.Http.BadHttpRequestException)
        {
            // The client went away or sent garbage: the answer is out, nothing more to do.
        }
    }

    /// <summary>
    /// The whole body of <paramref name="request"/>; its memory stays reserved until the response is
    /// done (the reservation is disposed with the response).
    /// </summary>
    /// <exception cref="RequestRefusedException">Over <paramref name="maxBytes"/>, over the budget, or corrupt gzip.</exception>
    public static async Task<ReadOnlyMemory<byte>> ReadAsync(HttpRequest request, long maxBytes, bool inflateGzip, CancellationToken cancellationToken)
    {
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } kestrelLimit)
        {
            // Each route's limit is enforced here, while reading; Kestrel's would throw mid-read.
            kestrelLimit.MaxRequestBodySize = null;
        }
        if (request.ContentLength > maxBytes)
        {
            throw RequestRefusedException.TooLarge(maxBytes);
        }
        var budget = request.HttpContext.Features.Get<InFlightBudget>();
        var gzip = inflateGzip && string.Equals(request.Headers.ContentEncoding.ToString().Trim(), "gzip", StringComparison.OrdinalIgnoreCase);
        var compressed = gzip ? new TailStream(request.Body) : null;
        var source = compressed is not null ? new GZipStream(compressed, CompressionMode.Decompress, leaveOpen: true) : request.Body;
        var reservation = new Reservation(budget);
        var buffer = Array.Empty<byte>();
        var length = 0;
        try
        {
            // Content-Length is the client's claim: start at most at 64 KiB and grow as bytes arrive,
            // so a client that announces a large body and sends nothing costs nothing.
            // A plain body with a Content-Length (within the limit, checked above) is read into one buffer
            // of that size plus the byte that tells a longer body: no growth, no garbage.
            var first = (int)Math.Min(maxBytes + 1, gzip || request.ContentLength is null ? FirstChunk : request.ContentLength.Value + 1);
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (length > maxBytes)
                    {
                        throw RequestRefusedException.TooLarge(maxBytes);
                    }
                    var size = (int)Math.Min(maxBytes + 1, buffer.Length == 0 ? first : (long)buffer.Length * 2);
                    reservation.Grow(size - buffer.Length);
                    var bigger = GC.AllocateUninitializedArray<byte>(size);
                    buffer.AsSpan(0, length).CopyTo(bigger);
                    Dropped(buffer.Length);
                    buffer = bigger;
                }
                int read;
                try
                {
                    read = await source.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                }
                catch (InvalidDataException e) when (gzip)
                {
                    throw new RequestRefusedException(400, $"decompress gzip request body: {e.Message}");
                }
                if (read == 0)
                {
                    break;
                }
                length += read;
            }
            if (length > maxBytes)
            {
                throw RequestRefusedException.TooLarge(maxBytes);
            }
            // GZipStream ends quietly at the end of a cut-off stream: the trailer's size field (length
            // mod 2^32) tells a whole single-member stream from a truncated one, as the engine's inflater checks.
            if (compressed is not null && (compressed.Count < 18 || compressed.LastFour != (uint)length))
            {
                throw new RequestRefusedException(400, "decompress gzip request body: unexpected EOF (inflated size does not match the gzip trailer)");
            }
        }
        catch
        {
            reservation.Dispose();
            throw;
        }
        finally
        {
            if (gzip)
            {
                await source.DisposeAsync().ConfigureAwait(false);
            }
        }
        request.HttpContext.Response.RegisterForDispose(reservation);
        return buffer.AsMemory(0, length);
    }

    /// <summary>The request body as the gzip decoder reads it, keeping its length and its last four bytes (the trailer's size field).</summary>
    private sealed class TailStream(Stream inner) : Stream
    {
        private uint _tail;

        public long Count { get; private set; }

        public uint LastFour => _tail;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => Count; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Keep(buffer.AsSpan(offset, inner.Read(buffer, offset, count)));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            return Keep(buffer.Span[..read]);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        private int Keep(ReadOnlySpan<byte> read)
        {
            foreach (var b in read.Length > 4 ? read[^4..] : read)
            {
                // Little-endian: the last byte read is the most significant of the four.
                _tail = (_tail >> 8) | ((uint)b << 24);
            }
            Count += read.Length;
            return read.Length;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>Bytes taken from the budget for one body; given back once, when the response is done or the read failed.</summary>
    private sealed class Reservation(InFlightBudget? budget) : IDisposable
    {
        private long _bytes;

        public void Grow(long bytes)
        {
            if (budget is null)
            {
                return;
            }
            if (!budget.TryReserve(bytes))
            {
                throw RequestRefusedException.Busy(budget.Capacity);
            }
            _bytes += bytes;
        }

        public void Dispose()
        {
            var bytes = Interlocked.Exchange(ref _bytes, 0);
            budget?.Release(bytes);
            if (budget is { Used: 0 } && bytes >= CollectAfterBytes)
            {
                // The last large body of a burst is done: give the memory back to the system rather than
                // keep the burst's peak as the process's resident size (845 MB stayed resident without this).
                Interlocked.Exchange(ref _garbage, 0);
                GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
                return;
            }
            Dropped(bytes);
        }
    }
}
