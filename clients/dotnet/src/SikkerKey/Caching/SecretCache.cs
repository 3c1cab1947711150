using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace SikkerKey;

/// <summary>
/// The opt-in offline cache of one identity: one <c>.skc</c> file per secret in <see cref="Folder"/>, each written
/// atomically (temporary file, then rename). Anything that does not open cleanly is a miss, never a wrong value.
/// </summary>
internal sealed partial class SecretCache : IDisposable
{
    private readonly string _vaultId;
    private readonly string _machineId;
    private readonly byte[] _key;
    private readonly TimeProvider _time;
    private readonly Action<string> _warn;
    private int _warned;

    public SecretCache(string folder, string vaultId, string machineId, ReadOnlySpan<byte> seed, TimeProvider time, Action<string> warn)
    {
        (Folder, _vaultId, _machineId, _time, _warn) = (folder, vaultId, machineId, time, warn);
        _key = SkcFormat.DeriveKey(seed, vaultId);
    }

    public string Folder { get; }

    /// <summary>Seals a secret into the cache; a folder that cannot be written is reported once, and reading goes on.</summary>
    public void Store(string secretId, string? name, string value, string? fieldNames)
    {
        if (!SafeId().IsMatch(secretId))
            return;
        var cachedAt = _time.GetUtcNow().ToUnixTimeSeconds();
        var payload = JsonSerializer.SerializeToUtf8Bytes(new SkcPayload(name is { Length: > 0 } ? name : null, value, fieldNames), SkcJson.Default.SkcPayload);
        try
        {
            var (nonce, sealedBytes) = SkcFormat.Seal(_key, payload, SkcFormat.Aad(_vaultId, _machineId, secretId, cachedAt));
            WriteAtomically(PathOf(secretId), SkcFormat.Envelope(nonce, sealedBytes, cachedAt));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            if (Interlocked.Exchange(ref _warned, 1) == 0)
                _warn($"offline cache off: cannot write {Folder} ({e.Message}); set SIKKERKEY_CACHE_DIR to a writable folder");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(payload);
        }
    }

    /// <returns><c>null</c> on a miss: no file, an unknown format, or an entry that does not open (tampered, moved, another key).</returns>
    public CachedSecret? Load(string secretId)
    {
        if (!SafeId().IsMatch(secretId))
            return null;
        try
        {
            return Decode(secretId, File.ReadAllBytes(PathOf(secretId)));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Every entry that opens; the others are skipped.</summary>
    public IReadOnlyList<CachedSecret> LoadAll() =>
        [.. Files(Folder).Select(file => Load(Path.GetFileNameWithoutExtension(file))).OfType<CachedSecret>().OrderBy(s => s.SecretId, StringComparer.Ordinal)];

    public static int Count(string folder) => Files(folder).Count();

    /// <returns>How many entries were removed.</returns>
    public static int Clear(string folder)
    {
        var count = Count(folder);
        if (Directory.Exists(folder))
            Directory.Delete(folder, recursive: true);
        return count;
    }

    public void Dispose() => CryptographicOperations.ZeroMemory(_key);

    private CachedSecret? Decode(string secretId, byte[] file)
    {
        try
        {
            var envelope = JsonSerializer.Deserialize(file, SkcJson.Default.SkcEnvelope);
            if (envelope is null || envelope.Version != SkcFormat.Version)
                return null;
            var plaintext = SkcFormat.Open(_key, Convert.FromBase64String(envelope.Nonce), Convert.FromBase64String(envelope.Ciphertext),
                SkcFormat.Aad(_vaultId, _machineId, secretId, envelope.CachedAt));
            if (plaintext is null)
                return null;
            try
            {
                var payload = JsonSerializer.Deserialize(plaintext, SkcJson.Default.SkcPayload);
                return payload?.Value is null ? null
                    : new CachedSecret(secretId, payload.Name, payload.Value, payload.FieldNames, DateTimeOffset.FromUnixTimeSeconds(envelope.CachedAt));
            }
            finally
            {
                CryptographicOperations.ZeroMemory(plaintext);
            }
        }
        catch (Exception e) when (e is JsonException or FormatException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    private string PathOf(string secretId) => Path.Combine(Folder, secretId + SkcFormat.Extension);

    private static IEnumerable<string> Files(string folder) =>
        Directory.Exists(folder) ? Directory.EnumerateFiles(folder, "*" + SkcFormat.Extension).Where(f => SafeId().IsMatch(Path.GetFileNameWithoutExtension(f))) : [];

    private static void WriteAtomically(string path, byte[] content)
    {
        var folder = Path.GetDirectoryName(path)!;
        var temporary = Path.Combine(folder, $".skc-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        // Only this user may read the entries, as the official CLI leaves them (0700 folder, 0600 files).
        if (OperatingSystem.IsWindows())
            Directory.CreateDirectory(folder);
        else
        {
            Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        try
        {
            using (var stream = new FileStream(temporary, options))
                stream.Write(content);
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    // Real ids are sk_<alnum>; anything else never becomes a file name (no path traversal).
    [GeneratedRegex("^[A-Za-z0-9_-]+$")]
    private static partial Regex SafeId();
}
