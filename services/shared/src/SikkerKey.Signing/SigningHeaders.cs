namespace SikkerKey.Signing;

/// <summary>The four headers of a v1 signed machine request (servers match them case-insensitively).</summary>
public static class SigningHeaders
{
    public const string MachineId = "X-Machine-Id";
    public const string Timestamp = "X-Timestamp";
    public const string Nonce = "X-Nonce";
    public const string Signature = "X-Signature";

    public static IReadOnlyList<string> All { get; } = [MachineId, Timestamp, Nonce, Signature];
}
