using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace SikkerKey.Audit.Log;

/// <summary>The links of a vault's audit chain: each entry's hash covers the previous hash and every field an auditor reads.</summary>
public static class ChainHash
{
    /// <summary>The "previous hash" of a chain's first entry.</summary>
    public static readonly string Genesis = new('0', 64);

    public static string Of(string previousHash, AuditEntry entry)
    {
        var canonical = CanonicalBytes(entry);
        var input = new byte[32 + canonical.Length];
        Convert.FromHexString(previousHash).CopyTo(input, 0);
        canonical.CopyTo(input, 32);
        return Convert.ToHexStringLower(SHA256.HashData(input));
    }

    /// <summary>
    /// Every field as a 4-byte big-endian length (−1 for null) and its UTF-8 bytes, in a fixed order: no field
    /// can bleed into the next, and a JSON serializer's choices never change a hash.
    /// </summary>
    public static byte[] CanonicalBytes(AuditEntry entry)
    {
        using var bytes = new MemoryStream();
        string?[] fields =
        [
            "v1", entry.Id.ToString("D"), entry.VaultId, entry.Position.ToString(CultureInfo.InvariantCulture),
            entry.OccurredAt.UtcTicks.ToString(CultureInfo.InvariantCulture), entry.Action, entry.Severity, entry.ActorKind,
            entry.ActorId, entry.MachineId, entry.SecretId, entry.ProjectId, entry.SourceIp, entry.Detail,
        ];
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
}
