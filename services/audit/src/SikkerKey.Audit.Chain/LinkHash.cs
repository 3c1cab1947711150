using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace SikkerKey.Audit.Chain;

/// <summary>The links of an audit chain: each entry's hash covers the previous hash and every field an auditor reads.</summary>
public static class LinkHash
{
    /// <summary>The "previous hash" of a chain's first entry.</summary>
    public static readonly string Genesis = new('0', 64);

    public static string Of(string previousHash, ChainedEntry entry)
    {
        string?[] fields =
        [
            "v1", entry.Id.ToString("D"), entry.Chain, entry.Position.ToString(CultureInfo.InvariantCulture),
            entry.OccurredAt.UtcTicks.ToString(CultureInfo.InvariantCulture), entry.Action, entry.Severity, entry.ActorKind,
            entry.ActorId, entry.MachineId, entry.SecretId, entry.ProjectId, entry.SourceIp, entry.Detail,
        ];
        var canonical = Canonical(fields);
        var input = new byte[32 + canonical.Length];
        if (!TryHex(previousHash, input.AsSpan(0, 32)))
            return "";
        canonical.CopyTo(input, 32);
        return Convert.ToHexStringLower(SHA256.HashData(input));
    }

    /// <summary>
    /// Every field as a 4-byte big-endian length (−1 for null) and its UTF-8 bytes, in a fixed order: no field
    /// can bleed into the next, and a JSON serializer's choices never change a hash.
    /// </summary>
    public static byte[] Canonical(IEnumerable<string?> fields)
    {
        using var bytes = new MemoryStream();
        Span<byte> length = stackalloc byte[4];
        foreach (var field in fields)
        {
            var utf8 = field is null ? null : Encoding.UTF8.GetBytes(field);
            BinaryPrimitives.WriteInt32BigEndian(length, utf8?.Length ?? -1);
            bytes.Write(length);
            if (utf8 is not null)
                bytes.Write(utf8);
        }
        return bytes.ToArray();
    }

    /// <summary>A stored or exported hash that is not 64 hex digits hashes nothing: the link it claims is broken.</summary>
    private static bool TryHex(string hex, Span<byte> into) =>
        hex.Length == 64 && Convert.FromHexString(hex, into, out _, out var written) == System.Buffers.OperationStatus.Done && written == 32;
}
