using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Npgsql;
using SikkerKey.Secrets.Encryption;
using SikkerKey.ServiceDefaults.Keys;
using SikkerKey.Testing;

namespace SikkerKey.Secrets.Tests;

/// <summary>
/// The operator's root key rotation: <c>dotnet SikkerKey.Secrets.dll rewrap-root-key --new-key-file PATH</c> run as
/// its own process against the running system's database, then the secrets service restarted with the new key.
/// </summary>
[Collection(OwnSystemCollection.Name)]
public sealed class RootKeyRotationTests(OwnSystemFixture fixture)
{
    [Fact]
    public async Task Rotating_the_root_key_keeps_every_value_readable_and_retires_the_old_key()
    {
        using var owner = await UserSession.SignUpAsync(fixture.System);
        var project = await SecretTests.ProjectAsync(owner);
        var other = await SecretTests.ProjectAsync(owner);
        var plain = await SecretTests.SecretAsync(owner, project, new { name = "database-url", value = "postgres://rotated/one" });
        var structured = await SecretTests.SecretAsync(owner, other, new { name = "stripe", fields = new { secret = "sk_live_rotated" } });
        using var machine = await TestMachine.RegisterAsync(fixture.System, owner, [project]);
        await machine.GrantAsync(fixture.System, owner, project, plain);
        var pendingBundle = await ProvisionAsync(owner, project, plain);
        var secrets = fixture.System.Replicas("secrets").Single();
        var oldKey = Convert.FromBase64String(secrets.Environment["SikkerKey__RootKey"]);
        var newKey = RandomNumberGenerator.GetBytes(32);
        var newKeyFile = Path.Combine(Directory.CreateTempSubdirectory("sikkerkey-rotation-").FullName, "root.key.new");
        await File.WriteAllTextAsync(newKeyFile, Convert.ToBase64String(newKey), Http.Ct);
        var before = await ProjectKeysAsync();

        var running = await RewrapAsync(oldKey, newKeyFile);
        Assert.Equal(1, running.ExitCode);
        Assert.Contains("stop every secrets replica first; nothing was changed", running.Output, StringComparison.Ordinal);

        await secrets.StopAsync();
        var wrongKey = await RewrapAsync(RandomNumberGenerator.GetBytes(32), newKeyFile);
        Assert.Equal(1, wrongKey.ExitCode);
        Assert.Contains("the configured root key does not open the key of project", wrongKey.Output, StringComparison.Ordinal);
        Assert.Contains("nothing was changed", wrongKey.Output, StringComparison.Ordinal);
        Assert.Equal(before, await ProjectKeysAsync());
        Assert.Equal(2, (await RewrapAsync(oldKey, newKeyFile, "--new-key")).ExitCode);

        var rotated = await RewrapAsync(oldKey, newKeyFile);
        Assert.True(rotated.ExitCode == 0, rotated.Output);
        Assert.Contains($"re-wrapped {before.Count} project keys", rotated.Output, StringComparison.Ordinal);
        var after = await ProjectKeysAsync();
        Assert.Equal(before.Keys.Order(), after.Keys.Order());
        foreach (var (id, wrapped) in after)
        {
            Assert.ThrowsAny<CryptographicException>(() => Sealed.Open(oldKey, wrapped, "project:" + id));
            Assert.Equal(32, Sealed.Open(newKey, wrapped, "project:" + id).Length);
        }
        var again = await RewrapAsync(oldKey, newKeyFile);
        Assert.Contains($"re-wrapped 0 project keys under the new root key ({before.Count} already were)", again.Output, StringComparison.Ordinal);

        var rotatedKey = new Dictionary<string, string> { ["SikkerKey__RootKey"] = Convert.ToBase64String(newKey) };
        await fixture.System.RestartAsync(secrets, rotatedKey);
        Assert.Equal("postgres://rotated/one", (await GetAsync(owner, plain)).GetProperty("value").GetString());
        Assert.Equal("sk_live_rotated", (await GetAsync(owner, structured)).GetProperty("fields").GetProperty("secret").GetString());
        using var client = fixture.System.CreateClient();
        using var read = await client.SendAsync(machine.SignedRequest(HttpMethod.Get, $"/v1/secret/{plain}"), Http.Ct);
        Assert.Equal("postgres://rotated/one", (await read.AssertOkAsync()).GetProperty("value").GetString());
        var added = await SecretTests.SecretAsync(owner, project, new { name = "after rotation", value = "new-value" });
        Assert.Equal("new-value", (await GetAsync(owner, added)).GetProperty("value").GetString());
        // Bundle keys are made at download time and owe nothing to the root key (issue 21): a pending bundle survives the rotation.
        using var bundle = await owner.Client.GetAsync(pendingBundle, Http.Ct);
        Assert.Equal("application/zip", bundle.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>
    /// A retired key file that is gone (destroyed by retire-root-key, a typo) stops the service at once with one line
    /// that names the file and the problem, exit code 2; not the host's stack trace, and never the key.
    /// </summary>
    [Fact]
    public async Task A_missing_retired_key_file_stops_the_service_with_one_line_naming_it()
    {
        var secrets = fixture.System.Replicas("secrets").Single();
        var missing = Path.Combine(Directory.CreateTempSubdirectory("sikkerkey-retired-").FullName, "root.key.retired");
        var environment = new Dictionary<string, string>(secrets.Environment) { ["SikkerKey__RetiredRootKeyFile"] = missing };
        var (exitCode, output) = await ServiceProcess.RunCommandAsync(SikkerKeySystem.AssemblyOf("secrets"), environment);
        Assert.True(exitCode == 2, output);
        var problem = Assert.Single(output.Split('\n'), line => line.Contains("Not starting", StringComparison.Ordinal));
        Assert.Contains($"cannot read the key file {missing}", problem, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
        Assert.DoesNotContain(secrets.Environment["SikkerKey__RootKey"], output, StringComparison.Ordinal);
    }

    private static async Task<string> ProvisionAsync(UserSession owner, string project, string secret) =>
        (await (await owner.Client.PostJsonAsync("/api/integrations/docker/containers", new { projectId = project, secretIds = new[] { secret } }))
            .AssertOkAsync(HttpStatusCode.Created)).GetProperty("downloadUrl").GetString()!;

    private Task<(int ExitCode, string Output)> RewrapAsync(byte[] currentKey, string newKeyFile, string option = "--new-key-file") =>
        ServiceProcess.RunCommandAsync(SikkerKeySystem.AssemblyOf("secrets"), new Dictionary<string, string>
        {
            ["ConnectionStrings__Postgres"] = fixture.Infrastructure.Postgres,
            ["SikkerKey__RootKey"] = Convert.ToBase64String(currentKey),
        }, RewrapRootKeyCommand.Name, option, newKeyFile);

    /// <summary>Every project key of the database as stored: project id → wrapped bytes.</summary>
    private async Task<Dictionary<string, byte[]>> ProjectKeysAsync()
    {
        await using var connection = await fixture.Infrastructure.OpenAsync();
        await using var query = new NpgsqlCommand("SELECT id, data->>'Wrapped' FROM secrets.mt_doc_projectkey", connection);
        await using var reader = await query.ExecuteReaderAsync(Http.Ct);
        var keys = new Dictionary<string, byte[]>();
        while (await reader.ReadAsync(Http.Ct))
            keys[reader.GetString(0)] = Convert.FromBase64String(reader.GetString(1));
        return keys;
    }

    private static async Task<JsonElement> GetAsync(UserSession user, string id) => await (await user.Client.GetAsync($"/api/secrets/{id}", Http.Ct)).AssertOkAsync();
}
