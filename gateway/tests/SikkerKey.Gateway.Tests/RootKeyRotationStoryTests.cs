using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Npgsql;
using SikkerKey.ServiceDefaults.Keys;
using SikkerKey.Testing;

namespace SikkerKey.Gateway.Tests;

/// <summary>
/// <c>build/rotate-root-key</c> on a <c>build/run</c> installation, broken where it hurts most: the re-wrap's commit
/// goes through and its acknowledgement is lost (a proxy in front of PostgreSQL swallows it). The old script deleted
/// the new key on any non-zero exit and so lost every secret. Now the new key is on disk before anything is
/// re-wrapped and kept on failure, a rerun finishes the rotation, the secrets service opens keys under the retired key
/// until it is retired (a restored backup still reads), and <c>--retire</c> refuses while anything needs it.
/// </summary>
public sealed class RootKeyRotationStoryTests(BuildRunFixture run) : IClassFixture<BuildRunFixture>
{
    [Fact]
    public async Task A_lost_commit_acknowledgement_loses_nothing_and_the_old_key_is_destroyed_only_when_nothing_needs_it()
    {
        var secretsDir = Path.Combine(run.Environment["SIKKERKEY_DATA"], "secrets");
        string RootKey(string name = "root.key") => File.ReadAllText(Path.Combine(secretsDir, name)).Trim();
        using (var admin = await run.AdminClientAsync())
        {
            var project = await IdAsync(await admin.PostAsJsonAsync("/api/projects", new { name = "rotated" }, Http.Ct));
            var secret = await IdAsync(await admin.PostAsJsonAsync($"/api/projects/{project}/secrets", new { name = "DATABASE_URL", value = "postgres://kept" }, Http.Ct));
            await run.StopAsync();
            await run.InfraAsync("postgres", "start");
            var oldKey = RootKey();
            var beforeRotation = await ProjectKeysAsync();

            await using (var proxy = new FaultProxy(run.Ports["postgres"]))
            {
                // The re-wrap's own transaction (Marten checks its schema in others first).
                proxy.LoseNextCommitAcknowledgement(after: "into secrets.mt_doc_projectkey");
                var broken = await RotateAsync(proxy.Port);
                Assert.True(broken.ExitCode == 1, broken.Output);
                Assert.True(proxy.CommitAcknowledgementsLost == 1, broken.Output);
                Assert.Contains("may or may not have been committed", broken.Output, StringComparison.Ordinal);
                Assert.Contains("run build/rotate-root-key again to finish it", broken.Output, StringComparison.Ordinal);
                // The commit went through: every project key is under the new key, which is therefore still on disk.
                Assert.Equal(oldKey, RootKey());
                var newKey = Convert.FromBase64String(RootKey("root.key.next"));
                Assert.All(await ProjectKeysAsync(), k => Assert.Equal(32, Sealed.Open(newKey, k.Value, "project:" + k.Key).Length));

                var finished = await RotateAsync(proxy.Port);
                Assert.True(finished.ExitCode == 0, finished.Output);
                Assert.Contains("resuming the rotation", finished.Output, StringComparison.Ordinal);
                Assert.Contains($"re-wrapped 0 project keys under the new root key ({beforeRotation.Count} already were)", finished.Output, StringComparison.Ordinal);
                Assert.Equal(Convert.ToBase64String(newKey), RootKey());
                Assert.Equal(oldKey, RootKey("root.key.retired"));
                Assert.False(File.Exists(Path.Combine(secretsDir, "root.key.next")));
            }

            await run.InfraAsync("postgres", "stop");
            await run.StartAsync();
            var secretsPid = BuildRunFixture.PidListeningOn(run.Ports["secrets"]) ?? throw new InvalidOperationException("secrets is not listening");
            Assert.Contains("SikkerKey__RetiredRootKeyFile=", await File.ReadAllTextAsync($"/proc/{secretsPid}/environ", Http.Ct), StringComparison.Ordinal);
            using var restarted = await run.AdminClientAsync();
            Assert.Equal("postgres://kept", await ValueAsync(restarted, secret));

            // A backup from before the rotation, restored: its project key is wrapped under the old key and still opens.
            var rotated = await ProjectKeysAsync();
            await SetProjectKeyAsync(project, beforeRotation[project]);
            Assert.Equal("postgres://kept", await ValueAsync(restarted, secret));
            var refused = await RetireAsync();
            Assert.True(refused.ExitCode == 1, refused.Output);
            Assert.Contains("1 of", refused.Output, StringComparison.Ordinal);
            Assert.Contains("the retired key is still needed and was kept", refused.Output, StringComparison.Ordinal);
            Assert.Equal(oldKey, RootKey("root.key.retired"));

            await SetProjectKeyAsync(project, rotated[project]);
            var retired = await RetireAsync();
            Assert.True(retired.ExitCode == 0, retired.Output);
            Assert.False(File.Exists(Path.Combine(secretsDir, "root.key.retired")));
            Assert.Equal("postgres://kept", await ValueAsync(restarted, secret));
            // Without the old key, the backup's project key is gone for good: that is what retiring means.
            var oldKeyBytes = Convert.FromBase64String(oldKey);
            Assert.All(await ProjectKeysAsync(), k => Assert.ThrowsAny<CryptographicException>(() => Sealed.Open(oldKeyBytes, k.Value, "project:" + k.Key)));

            // build/run is still running: a secrets crash after --retire must restart without the destroyed key (it
            // used to pass the same, now missing, file; secrets refused to start five times and build/run stopped).
            System.Diagnostics.Process.GetProcessById(secretsPid).Kill();
            var restartedPid = await Eventually.MatchAsync(() => Task.FromResult(BuildRunFixture.PidListeningOn(run.Ports["secrets"])),
                pid => pid is not null && pid != secretsPid, TimeSpan.FromSeconds(90), "secrets restarted by build/run");
            Assert.DoesNotContain("SikkerKey__RetiredRootKeyFile=", await File.ReadAllTextAsync($"/proc/{restartedPid}/environ", Http.Ct), StringComparison.Ordinal);
            Assert.Equal("postgres://kept", await Eventually.MatchAsync(async () =>
            {
                using var response = await restarted.GetAsync($"/api/secrets/{secret}", Http.Ct);
                return response.IsSuccessStatusCode ? await ValueAsync(restarted, secret) : null;
            }, value => value is not null, TimeSpan.FromSeconds(60), "a read after the restart"));
        }
    }

    private async Task<(int ExitCode, string Output)> RotateAsync(int postgresPort)
    {
        var environment = new Dictionary<string, string>(run.Environment) { ["SIKKERKEY_PG_PORT"] = postgresPort.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        var (exitCode, stdout, stderr) = await Scripts.RunToExitAsync(RepositoryRoot.Combine("build", "rotate-root-key"), RepositoryRoot.Path, environment, [], TimeSpan.FromMinutes(3));
        return (exitCode, stdout + stderr);
    }

    private async Task<(int ExitCode, string Output)> RetireAsync()
    {
        var (exitCode, stdout, stderr) = await Scripts.RunToExitAsync(RepositoryRoot.Combine("build", "rotate-root-key"), RepositoryRoot.Path, run.Environment, ["--retire"], TimeSpan.FromMinutes(3));
        return (exitCode, stdout + stderr);
    }

    private async Task<NpgsqlConnection> OpenAsync()
    {
        var password = (await File.ReadAllTextAsync(Path.Combine(run.Environment["SIKKERKEY_DATA"], "secrets", "pg-app.pw"), Http.Ct)).Trim();
        var connection = new NpgsqlConnection($"Host=127.0.0.1;Port={run.Ports["postgres"]};Database=sikkerkey;Username=sikkerkey;Password={password};Pooling=false");
        await connection.OpenAsync(Http.Ct);
        return connection;
    }

    /// <summary>Every project key as stored: project id → wrapped bytes.</summary>
    private async Task<Dictionary<string, byte[]>> ProjectKeysAsync()
    {
        await using var connection = await OpenAsync();
        await using var query = new NpgsqlCommand("SELECT id, data->>'Wrapped' FROM secrets.mt_doc_projectkey", connection);
        await using var reader = await query.ExecuteReaderAsync(Http.Ct);
        var keys = new Dictionary<string, byte[]>();
        while (await reader.ReadAsync(Http.Ct))
            keys[reader.GetString(0)] = Convert.FromBase64String(reader.GetString(1));
        return keys;
    }

    private async Task SetProjectKeyAsync(string projectId, byte[] wrapped)
    {
        await using var connection = await OpenAsync();
        await using var update = new NpgsqlCommand("UPDATE secrets.mt_doc_projectkey SET data = jsonb_set(data, '{Wrapped}', to_jsonb(@wrapped::text)) WHERE id = @id", connection);
        update.Parameters.AddWithValue("wrapped", Convert.ToBase64String(wrapped));
        update.Parameters.AddWithValue("id", projectId);
        Assert.Equal(1, await update.ExecuteNonQueryAsync(Http.Ct));
    }

    private static async Task<string?> ValueAsync(HttpClient admin, string secretId) =>
        (await (await admin.GetAsync($"/api/secrets/{secretId}", Http.Ct)).AssertOkAsync()).GetProperty("value").GetString();

    private static async Task<string> IdAsync(HttpResponseMessage response) =>
        (await response.AssertOkAsync(HttpStatusCode.Created)).GetProperty("id").GetString()!;
}
