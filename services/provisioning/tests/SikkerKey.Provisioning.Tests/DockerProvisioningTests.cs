using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Text.Json;
using SikkerKey.Testing;

namespace SikkerKey.Provisioning.Tests;

/// <summary>The headline flow, through the gateway, as a user and then as a container would do it.</summary>
public sealed class DockerProvisioningTests(SystemFixture fixture)
{
    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Provision_download_mount_and_read_exactly_what_was_granted()
    {
        using var owner = await UserSession.SignUpAsync(fixture.System);
        var project = await CreateAsync(owner, "/api/projects", new { name = "web" });
        var databaseUrl = await CreateAsync(owner, $"/api/projects/{project}/secrets", new { name = "database-url", value = "postgres://app@db/prod" });
        var stripe = await CreateAsync(owner, $"/api/projects/{project}/secrets", new { name = "stripe-keys", fields = new { publishable = "pk_live_1", secret = "sk_live_1" } });
        var root = await CreateAsync(owner, $"/api/projects/{project}/secrets", new { name = "root-password", value = "not for containers" });

        var provisioned = await (await owner.Client.PostJsonAsync("/api/integrations/docker/containers",
            new { projectId = project, secretIds = new[] { databaseUrl, stripe } })).AssertOkAsync(HttpStatusCode.Created);
        var machineId = provisioned.GetProperty("machineId").GetGuid();
        var name = provisioned.GetProperty("machineName").GetString()!;
        var downloadUrl = provisioned.GetProperty("downloadUrl").GetString()!;
        Assert.Matches("^docker-[a-z]+-[a-z]+-[0-9a-f]{4}$", name);
        Assert.StartsWith("/api/", downloadUrl, StringComparison.Ordinal);
        var expiresIn = provisioned.GetProperty("expiresAt").GetDateTimeOffset() - DateTimeOffset.UtcNow;
        Assert.InRange(expiresIn, TimeSpan.FromMinutes(14), TimeSpan.FromMinutes(15));

        using var download = await owner.Client.GetAsync(downloadUrl, Http.Ct);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/zip", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"{name}.sikkerkey", download.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        await (await owner.Client.GetAsync(downloadUrl, Http.Ct)).AssertErrorAsync(HttpStatusCode.Gone);

        using var mount = new ReadOnlyMount(await download.Content.ReadAsByteArrayAsync(Http.Ct));
        var identity = JsonSerializer.Deserialize<JsonElement>(File.ReadAllText(Path.Combine(mount.Path, "identity.json")));
        Assert.Equal(["machineId", "machineName", "vaultId", "apiUrl", "privateKeyPath"], identity.EnumerateObject().Select(p => p.Name));
        Assert.Equal("/etc/sikkerkey/private.pem", identity.GetProperty("privateKeyPath").GetString());
        Assert.Equal(owner.VaultId, identity.GetProperty("vaultId").GetString());
        var cli = JsonSerializer.Deserialize<JsonElement>(File.ReadAllText(Path.Combine(mount.Path, "cli.json")));
        Assert.Equal(project, cli.GetProperty("projectId").GetString());
        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", File.ReadAllText(Path.Combine(mount.Path, "private.pem")), StringComparison.Ordinal);

        // openssl derives the machine's public key from the PEM; it is the key the server verifies with.
        var publicKey = Openssl("pkey", "-in", Path.Combine(mount.Path, "private.pem"), "-pubout", "-outform", "DER");
        Assert.Equal(await PublicKeyOfAsync(machineId), Convert.ToBase64String(publicKey[^32..]));

        using var sdk = new SikkerKeyClient(new SikkerKeyOptions { Identity = Path.Combine(mount.Path, "identity.json") });
        Assert.Equal("postgres://app@db/prod", await sdk.GetSecretAsync(databaseUrl, Http.Ct));
        Assert.Equal("sk_live_1", await sdk.GetFieldAsync(stripe, "secret", Http.Ct));
        await Assert.ThrowsAsync<AccessDeniedException>(() => sdk.GetSecretAsync(root, Http.Ct));

        await (await owner.Client.PostAsync($"/api/machines/{machineId}/disable", null, Http.Ct)).AssertOkAsync(HttpStatusCode.NoContent);
        await Assert.ThrowsAsync<AuthenticationException>(() => sdk.GetSecretAsync(databaseUrl, Http.Ct));
    }

    [Fact]
    public async Task Of_twenty_concurrent_downloads_exactly_one_gets_the_bundle()
    {
        using var owner = await UserSession.SignUpAsync(fixture.System);
        var project = await CreateAsync(owner, "/api/projects", new { name = "web" });
        await CreateAsync(owner, $"/api/projects/{project}/secrets", new { name = "token", value = "t" });
        var provisioned = await (await owner.Client.PostJsonAsync("/api/integrations/docker/containers", new { projectId = project, allSecrets = true })).AssertOkAsync(HttpStatusCode.Created);
        var url = provisioned.GetProperty("downloadUrl").GetString()!;

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => owner.Client.GetAsync(url, Http.Ct)));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.Equal(19, responses.Count(r => r.StatusCode == HttpStatusCode.Gone));
        foreach (var response in responses)
            response.Dispose();
    }

    [Fact]
    public async Task A_revoke_racing_the_download_always_revokes()
    {
        // Both append to the machine's stream; the revoke must not lose to the download's key and leave it approved.
        using var owner = await UserSession.SignUpAsync(fixture.System);
        var project = await CreateAsync(owner, "/api/projects", new { name = "race" });
        await CreateAsync(owner, $"/api/projects/{project}/secrets", new { name = "token", value = "t" });
        for (var round = 0; round < 20; round++)
        {
            var provisioned = await (await owner.Client.PostJsonAsync("/api/integrations/docker/containers", new { projectId = project, allSecrets = true })).AssertOkAsync(HttpStatusCode.Created);
            var machineId = provisioned.GetProperty("machineId").GetGuid();
            var download = owner.Client.GetAsync(provisioned.GetProperty("downloadUrl").GetString(), Http.Ct);
            var revoke = owner.Client.PostAsync($"/api/machines/{machineId}/revoke", null, Http.Ct);
            using (var downloaded = await download)
                Assert.True(downloaded.StatusCode is HttpStatusCode.OK or HttpStatusCode.Gone, $"round {round}: download answered {downloaded.StatusCode}");
            await (await revoke).AssertOkAsync(HttpStatusCode.NoContent);
            var machine = await (await owner.Client.GetAsync($"/api/machines/{machineId}", Http.Ct)).AssertOkAsync(HttpStatusCode.OK);
            Assert.Equal("revoked", machine.GetProperty("status").GetString());
        }
    }

    private async Task<string> PublicKeyOfAsync(Guid machineId)
    {
        await using var connection = await fixture.Infrastructure.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT data->>'PublicKey' FROM identity.mt_doc_machine WHERE id = @id", connection);
        command.Parameters.AddWithValue("id", machineId.ToString());
        return (string)(await command.ExecuteScalarAsync(Http.Ct))!;
    }

    internal static async Task<string> CreateAsync(UserSession user, string path, object body) =>
        (await (await user.Client.PostJsonAsync(path, body)).AssertOkAsync(HttpStatusCode.Created)).GetProperty("id").GetString()!;

    private static byte[] Openssl(params string[] arguments)
    {
        var start = new ProcessStartInfo("openssl") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        using var output = new MemoryStream();
        process.StandardOutput.BaseStream.CopyTo(output);
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, process.StandardError.ReadToEnd());
        return output.ToArray();
    }

    /// <summary>The bundle unzipped into a directory that is then made read-only, as the documented <c>:ro</c> mount is.</summary>
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private sealed class ReadOnlyMount : IDisposable
    {
        public ReadOnlyMount(byte[] zip)
        {
            Path = Directory.CreateTempSubdirectory("sikkerkey-mount-").FullName;
            using (var archive = new ZipArchive(new MemoryStream(zip)))
                archive.ExtractToDirectory(Path);
            foreach (var file in Directory.GetFiles(Path))
                File.SetUnixFileMode(file, UnixFileMode.UserRead);
            File.SetUnixFileMode(Path, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        }

        public string Path { get; }

        public void Dispose()
        {
            File.SetUnixFileMode(Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            Directory.Delete(Path, recursive: true);
        }
    }
}
