using System.Buffers;
using Microsoft.AspNetCore.Http;

namespace CanaryGuard.Webhook.Hosting;

/// <summary>
/// A request body read into an array rented from the shared pool, so a review costs no body-sized allocation;
/// <see cref="Dispose"/> returns the array. <see cref="Bytes"/> is empty when the body was over the limit.
/// </summary>
internal readonly struct RequestBody : IDisposable
{
    /// <summary>What is rented when the request does not say its length; AdmissionReviews are mostly a few KiB.</summary>
    private const int InitialCapacity = 16 * 1024;

    private readonly byte[] rented;
    private readonly int length;

    private RequestBody(byte[] rented, int length, bool tooLarge)
    {
        this.rented = rented;
        this.length = length;
        TooLarge = tooLarge;
    }

    public bool TooLarge { get; }

    public ReadOnlyMemory<byte> Bytes => rented.AsMemory(0, length);

    /// <summary>Reads the body; reading stops once it is over <paramref name="maxBytes"/>.</summary>
    public static async Task<RequestBody> ReadAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            return new RequestBody([], 0, tooLarge: true);
        }

        // One byte more than the limit, to tell a body at the limit from one over it.
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(request.ContentLength + 1 ?? InitialCapacity, maxBytes + 1L));
        var length = 0;
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
            {
                length += read;
                if (length > maxBytes)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    return new RequestBody([], 0, tooLarge: true);
                }

                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(buffer.Length * 2L, maxBytes + 1L));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }

        return new RequestBody(buffer, length, tooLarge: false);
    }

    public void Dispose()
    {
        if (rented is { Length: > 0 })
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
