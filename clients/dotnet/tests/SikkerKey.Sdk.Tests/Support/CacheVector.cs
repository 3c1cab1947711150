using System.Text.Json;

namespace SikkerKey.Sdk.Tests.Support;

/// <summary>clients/vectors/cache.json: .skc files the official CLI wrote, and what they decrypt to.</summary>
internal sealed record CacheVector(string PrivateKeyPem, string SeedHex, string VaultId, string MachineId, string KeyHex, List<CacheVectorEntry> Entries)
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    public static readonly CacheVector Golden = JsonSerializer.Deserialize<CacheVector>(
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "vectors", "cache.json")), Web)!;

    public byte[] Seed => Convert.FromHexString(SeedHex);

    public CacheVectorEntry Entry(string secretId) => Entries.Single(e => e.SecretId == secretId);

    /// <summary>Writes every entry's file, as the official CLI left it, into <paramref name="folder"/>.</summary>
    public void WriteFiles(string folder)
    {
        Directory.CreateDirectory(folder);
        foreach (var entry in Entries)
            File.WriteAllText(Path.Combine(folder, entry.SecretId + ".skc"), entry.File);
    }
}

internal sealed record CacheVectorEntry(string SecretId, string File, long CachedAt, string? Name, string Value, string? FieldNames);
