using System.Text;
using System.Text.Json;

namespace SikkerKey.Signing.Tests;

/// <summary>One entry of clients/vectors/signing.json, the vectors every client shares.</summary>
public sealed record SigningVector(
    string Name, string PrivateKeyPem, string PublicKey, Guid MachineId, string Method, string Path, long Timestamp,
    string Nonce, string? Body, string BodyBase64, string BodySha256, string SignedString, string Signature,
    Dictionary<string, string> Headers)
{
    private static readonly Lazy<IReadOnlyDictionary<string, SigningVector>> Loaded = new(Load);

    public static IReadOnlyDictionary<string, SigningVector> All => Loaded.Value;

    public static TheoryData<string> Names => [.. All.Keys];

    public byte[] BodyBytes => Convert.FromBase64String(BodyBase64);

    public byte[] PemBytes => Encoding.ASCII.GetBytes(PrivateKeyPem);

    private static Dictionary<string, SigningVector> Load()
    {
        using var file = File.OpenRead(System.IO.Path.Combine(AppContext.BaseDirectory, "vectors", "signing.json"));
        var document = JsonSerializer.Deserialize<VectorFile>(file, JsonSerializerOptions.Web)!;
        return document.Vectors.ToDictionary(v => v.Name);
    }

    private sealed record VectorFile(List<SigningVector> Vectors);
}
