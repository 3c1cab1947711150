namespace SikkerKey;

/// <summary>
/// The failures after which the offline cache may answer: the server could not be reached, or a proxy in front of it
/// said so (502, 503, 504). Never an answer from SikkerKey itself (401, 403, 404…): a disabled machine or a deleted
/// secret must not live on in the cache.
/// </summary>
internal static class Unreachable
{
    public static bool Is(SikkerKeyException error) =>
        error is ConnectionException || error.StatusCode is 502 or 503 or 504;
}
