namespace SikkerKey;

/// <summary>One answer, read whole: small (values are at most 12 KiB) and safe to retry without leaking a stream.</summary>
internal sealed record WireResponse(int Status, string Body);
