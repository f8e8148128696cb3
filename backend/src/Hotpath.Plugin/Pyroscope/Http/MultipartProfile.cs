using Hotpath.Query.Ingest;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Hotpath.Plugin.Pyroscope.Http;

/// <summary>Reads the parts of a multipart pprof upload (pyroscope-go, older @pyroscope/nodejs): the <see cref="MultipartDecoder"/> of /ingest.</summary>
public static class MultipartProfile
{
    /// <exception cref="IngestException">422: no boundary, a malformed body, a <c>prev_profile</c> part, or no <c>profile</c> part.</exception>
    public static async Task<MultipartParts> ReadAsync(string contentType, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var media) ||
            HeaderUtilities.RemoveQuotes(media.Boundary).ToString() is not { Length: > 0 } boundary)
        {
            throw IngestException.Invalid("multipart body without a boundary in its Content-Type");
        }
        // Over the body's own array when it has one: the body is already counted against the budget.
        var stream = System.Runtime.InteropServices.MemoryMarshal.TryGetArray(body, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(body.ToArray(), writable: false);
        var reader = new MultipartReader(boundary, stream);
        byte[]? profile = null;
        byte[]? config = null;
        try
        {
            while (await reader.ReadNextSectionAsync(cancellationToken).ConfigureAwait(false) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition))
                {
                    continue;
                }
                var name = HeaderUtilities.RemoveQuotes(disposition.Name).ToString();
                using var content = new MemoryStream();
                await section.Body.CopyToAsync(content, cancellationToken).ConfigureAwait(false);
                switch (name)
                {
                    case "profile":
                        profile = content.ToArray();
                        break;
                    case "prev_profile":
                        throw IngestException.Invalid("unsupported client version. Please update github.com/grafana/pyroscope-go to the latest version");
                    case "sample_type_config":
                        config = content.ToArray();
                        break;
                }
            }
        }
        catch (IOException e)
        {
            throw IngestException.Invalid($"malformed multipart body: {e.Message}");
        }
        catch (InvalidDataException e)
        {
            throw IngestException.Invalid($"malformed multipart body: {e.Message}");
        }
        return profile is null
            ? throw IngestException.Invalid("multipart body has no \"profile\" part")
            : new MultipartParts(profile, config);
    }
}
