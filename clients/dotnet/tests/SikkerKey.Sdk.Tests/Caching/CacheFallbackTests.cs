using SikkerKey.Sdk.Tests.Support;
using static SikkerKey.Sdk.Tests.Support.Reply;

namespace SikkerKey.Sdk.Tests.Caching;

/// <summary>
/// The client with the offline cache on: it fills the cache on every read and answers from it only when SikkerKey
/// cannot be reached (network error, 502, 503, 504), never after an answer of SikkerKey's own (401, 403, 404).
/// </summary>
public sealed class CacheFallbackTests : IAsyncLifetime
{
    private const string Id = "sk_a1b2c3d4e5";
    private readonly string _cacheFolder = Path.Combine(Directory.CreateTempSubdirectory("sikkerkey-cache-").FullName, "cache");
    private readonly List<IReadOnlyList<CachedSecret>> _served = [];
    private ClientFixture _f = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _f = await ClientFixture.StartAsync(o =>
    {
        o.OfflineCache = true;
        o.CacheDirectory = _cacheFolder;
        o.RetryDelays = [];
    });

    [Theory]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    public async Task A_proxy_saying_the_server_is_unreachable_gets_the_cached_value(int status)
    {
        _f.Server.Answer(Ok(new { value = "postgres://db" }), Error(status, "upstream unreachable"));
        _f.Client.CacheServed = _served.Add;

        Assert.Equal("postgres://db", await _f.Client.GetSecretAsync(Id, Ct));
        Assert.Equal("postgres://db", await _f.Client.GetSecretAsync(Id, Ct));

        Assert.Equal(Id, Assert.Single(Assert.Single(_served)).SecretId);
    }

    [Fact]
    public async Task A_server_that_is_gone_gets_the_cached_value()
    {
        _f.Server.Answer(Ok(new { value = "postgres://db" }));
        await _f.Client.GetSecretAsync(Id, Ct);
        await _f.Server.DisposeAsync();

        Assert.Equal("postgres://db", await _f.Client.GetSecretAsync(Id, Ct));
    }

    [Theory]
    [InlineData(401)]
    [InlineData(403)]
    [InlineData(404)]
    public async Task An_answer_of_SikkerKeys_own_is_never_covered_by_the_cache(int status)
    {
        _f.Server.Answer(Ok(new { value = "postgres://db" }), Error(status, "refused"));
        _f.Client.CacheServed = _served.Add;
        await _f.Client.GetSecretAsync(Id, Ct);

        var error = await Assert.ThrowsAnyAsync<SikkerKeyException>(() => _f.Client.GetSecretAsync(Id, Ct));

        Assert.Equal(status, error.StatusCode);
        Assert.Empty(_served);
    }

    [Fact]
    public async Task An_uncached_secret_still_fails_when_unreachable()
    {
        _f.Server.Answer(Error(503, "down"));

        await Assert.ThrowsAsync<ServerSealedException>(() => _f.Client.GetSecretAsync(Id, Ct));
    }

    [Fact]
    public async Task Export_falls_back_to_the_secrets_it_cached_with_their_names()
    {
        _f.Server.Answer(
            Ok(new { secrets = new object[]
            {
                new { id = "sk_dburl00001", name = "database-url", value = "postgres://db", fieldNames = (string?)null },
                new { id = "sk_stripe0001", name = "stripe-keys", value = """{"secret_key":"sk_live"}""", fieldNames = """["secret_key"]""" },
            } }),
            Error(502, "bad gateway"));
        var online = await _f.Client.ExportAsync(cancellationToken: Ct);

        var offline = await _f.Client.ExportAsync(cancellationToken: Ct);

        Assert.Equal(online, offline);
        Assert.Equal(new Dictionary<string, string> { ["DATABASE_URL"] = "postgres://db", ["STRIPE_KEYS_SECRET_KEY"] = "sk_live" }, offline);
    }

    [Fact]
    public async Task A_read_by_id_keeps_the_name_an_export_cached()
    {
        _f.Server.Answer(
            Ok(new { secrets = new[] { new { id = Id, name = "database-url", value = "old", fieldNames = (string?)null } } }),
            Ok(new { value = "new" }),
            Error(503, "down"));
        await _f.Client.ExportAsync(cancellationToken: Ct);
        await _f.Client.GetSecretAsync(Id, Ct);

        Assert.Equal(new Dictionary<string, string> { ["DATABASE_URL"] = "new" }, await _f.Client.ExportAsync(cancellationToken: Ct));
    }

    [Fact]
    public async Task The_official_CLIs_files_answer_for_an_unreachable_server()
    {
        var golden = CacheVector.Golden;
        golden.WriteFiles(_cacheFolder);
        using var identity = IdentityFolder.Create("http://127.0.0.1:9/", vaultId: golden.VaultId);
        using var client = new SikkerKeyClient(new SikkerKeyOptions
        {
            Identity = identity.IdentityFile, OfflineCache = true, CacheDirectory = _cacheFolder, RetryDelays = [],
        });

        Assert.Equal(golden.Entry("sk_dburl00001").Value, await client.GetSecretAsync("sk_dburl00001", Ct));
        Assert.Equal(new Dictionary<string, string> { ["STRIPE_KEYS_PUBLISHABLE_KEY"] = "pk_test_1", ["STRIPE_KEYS_SECRET_KEY"] = "sk_live_<x>&y" },
            await client.ExportAsync(cancellationToken: Ct));
    }

    [Fact]
    public async Task Off_by_default_nothing_touches_the_disk()
    {
        var home = Directory.CreateTempSubdirectory("sikkerkey-home-").FullName;
        try
        {
            _f.Server.Answer(Ok(new { value = "postgres://db" }));
            using var client = new SikkerKeyClient(new SikkerKeyOptions
            {
                Identity = _f.Identity.IdentityFile, Locator = new IdentityLocator(_ => null, home),
            });

            await client.GetSecretAsync(Id, Ct);

            Assert.False(client.CacheEnabled);
            Assert.Empty(Directory.GetFileSystemEntries(home));
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }

    [Fact]
    public async Task SIKKERKEY_CACHE_turns_it_on_under_SIKKERKEY_HOME()
    {
        var home = Directory.CreateTempSubdirectory("sikkerkey-home-").FullName;
        try
        {
            _f.Server.Answer(Ok(new { value = "postgres://db" }));
            var environment = new Dictionary<string, string> { ["SIKKERKEY_CACHE"] = "1", ["SIKKERKEY_HOME"] = home };
            using var client = new SikkerKeyClient(new SikkerKeyOptions
            {
                Identity = _f.Identity.IdentityFile, Locator = new IdentityLocator(environment.GetValueOrDefault, "/nonexistent"),
            });

            await client.GetSecretAsync(Id, Ct);

            Assert.True(File.Exists(Path.Combine(home, "vaults", "vault_test", "cache", Id + ".skc")));
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _f.DisposeAsync();
        Directory.Delete(Path.GetDirectoryName(_cacheFolder)!, recursive: true);
    }
}
