using Microsoft.Extensions.Time.Testing;
using SikkerKey.Sdk.Tests.Support;

namespace SikkerKey.Sdk.Tests.Caching;

/// <summary>The .skc format against the official CLI's files: what opens, and what must be a miss rather than a wrong value.</summary>
public sealed class CacheFormatTests : IDisposable
{
    private static readonly CacheVector V = CacheVector.Golden;
    private readonly string _folder = Directory.CreateTempSubdirectory("sikkerkey-cache-").FullName;

    [Fact]
    public void The_key_is_HKDF_of_the_seed_with_the_vault_as_salt() =>
        Assert.Equal(V.KeyHex, Convert.ToHexStringLower(SkcFormat.DeriveKey(V.Seed, V.VaultId)));

    [Fact]
    public void Files_the_official_CLI_wrote_open_to_their_secrets()
    {
        V.WriteFiles(_folder);
        using var cache = Cache();

        foreach (var entry in V.Entries)
        {
            var hit = cache.Load(entry.SecretId);
            Assert.NotNull(hit);
            Assert.Equal((entry.Name, entry.Value, entry.FieldNames, entry.CachedAt), (hit.Name, hit.Value, hit.FieldNames, hit.CachedAt.ToUnixTimeSeconds()));
        }
        Assert.Equal(V.Entries.Select(e => e.SecretId).Order(), cache.LoadAll().Select(e => e.SecretId));
    }

    [Fact]
    public void What_we_write_opens_again_and_is_laid_out_as_the_official_files()
    {
        using var cache = Cache(new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1796284867)));
        cache.Store("sk_stripe0001", "stripe-keys", V.Entry("sk_stripe0001").Value, V.Entry("sk_stripe0001").FieldNames);

        var file = File.ReadAllText(Path.Combine(_folder, "sk_stripe0001.skc"));
        Assert.Matches("""^\{"v":1,"nonce":"[A-Za-z0-9+/]{16}","ct":"[A-Za-z0-9+/=]+","cachedAt":1796284867\}$""", file);
        Assert.Equal(V.Entry("sk_stripe0001").Value, cache.Load("sk_stripe0001")?.Value);
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_folder, "sk_stripe0001.skc")));
        Assert.Equal(["sk_stripe0001.skc"], Directory.GetFiles(_folder).Select(Path.GetFileName));
    }

    [Fact]
    public void A_flipped_byte_is_a_miss()
    {
        var entry = V.Entries[0];
        var bytes = System.Text.Encoding.UTF8.GetBytes(entry.File);
        var at = entry.File.IndexOf("\"ct\":\"", StringComparison.Ordinal) + 10;
        bytes[at] = (byte)(bytes[at] == 'A' ? 'B' : 'A');
        Directory.CreateDirectory(_folder);
        File.WriteAllBytes(Path.Combine(_folder, entry.SecretId + ".skc"), bytes);

        using var cache = Cache();
        Assert.Null(cache.Load(entry.SecretId));
    }

    [Fact]
    public void A_file_moved_to_another_secrets_name_is_a_miss()
    {
        Directory.CreateDirectory(_folder);
        File.WriteAllText(Path.Combine(_folder, "sk_stripe0001.skc"), V.Entry("sk_dburl00001").File);

        using var cache = Cache();
        Assert.Null(cache.Load("sk_stripe0001"));
    }

    [Fact]
    public void Another_machines_key_or_id_or_vault_is_a_miss()
    {
        V.WriteFiles(_folder);
        var otherSeed = V.Seed.Select(b => (byte)(b ^ 1)).ToArray();

        using var otherKey = new SecretCache(_folder, V.VaultId, V.MachineId, otherSeed, TimeProvider.System, _ => { });
        using var otherMachine = new SecretCache(_folder, V.VaultId, Guid.NewGuid().ToString(), V.Seed, TimeProvider.System, _ => { });
        using var otherVault = new SecretCache(_folder, "vault_other", V.MachineId, V.Seed, TimeProvider.System, _ => { });

        foreach (var cache in new[] { otherKey, otherMachine, otherVault })
        {
            Assert.All(V.Entries, e => Assert.Null(cache.Load(e.SecretId)));
            Assert.Empty(cache.LoadAll());
        }
    }

    [Fact]
    public void An_edited_timestamp_an_unknown_version_or_garbage_is_a_miss()
    {
        Directory.CreateDirectory(_folder);
        var entry = V.Entries[0];
        using var cache = Cache();
        foreach (var file in new[]
        {
            entry.File.Replace($"\"cachedAt\":{entry.CachedAt}", $"\"cachedAt\":{entry.CachedAt + 1}", StringComparison.Ordinal),
            entry.File.Replace("\"v\":1", "\"v\":2", StringComparison.Ordinal),
            "not json", "", "{}",
        })
        {
            File.WriteAllText(Path.Combine(_folder, entry.SecretId + ".skc"), file);
            Assert.Null(cache.Load(entry.SecretId));
        }
    }

    [Fact]
    public void An_unsafe_secret_id_is_never_a_file()
    {
        using var cache = Cache();
        cache.Store("../escape", null, "x", null);

        Assert.Null(cache.Load("../escape"));
        Assert.Empty(Directory.GetFileSystemEntries(Path.GetDirectoryName(_folder)!, "escape*"));
        Assert.Empty(Directory.GetFileSystemEntries(_folder));
    }

    [Fact]
    public void A_folder_that_cannot_be_written_is_reported_once_and_reading_goes_on()
    {
        var blocker = Path.Combine(_folder, "not-a-folder");
        Directory.CreateDirectory(_folder);
        File.WriteAllText(blocker, "");
        var warnings = new List<string>();
        using var cache = new SecretCache(blocker, V.VaultId, V.MachineId, V.Seed, TimeProvider.System, warnings.Add);

        cache.Store("sk_a", null, "1", null);
        cache.Store("sk_b", null, "2", null);

        var warning = Assert.Single(warnings);
        Assert.Contains(blocker, warning, StringComparison.Ordinal);
        Assert.Null(cache.Load("sk_a"));
    }

    [Fact]
    public void Clear_removes_every_entry_and_says_how_many()
    {
        V.WriteFiles(_folder);

        Assert.Equal(2, SecretCache.Count(_folder));
        Assert.Equal(2, SecretCache.Clear(_folder));
        Assert.Equal(0, SecretCache.Count(_folder));
    }

    private SecretCache Cache(TimeProvider? time = null) => new(_folder, V.VaultId, V.MachineId, V.Seed, time ?? TimeProvider.System, _ => { });

    public void Dispose()
    {
        if (Directory.Exists(_folder))
            Directory.Delete(_folder, recursive: true);
    }
}
