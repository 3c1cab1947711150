namespace SikkerKey.Signing;

/// <summary>The header values of one signed request; send every one of them, unchanged.</summary>
public sealed record SignedHeaders(string MachineId, string Timestamp, string Nonce, string Signature)
{
    public IEnumerable<KeyValuePair<string, string>> ToHeaders() =>
    [
        new(SigningHeaders.MachineId, MachineId),
        new(SigningHeaders.Timestamp, Timestamp),
        new(SigningHeaders.Nonce, Nonce),
        new(SigningHeaders.Signature, Signature),
    ];
}
