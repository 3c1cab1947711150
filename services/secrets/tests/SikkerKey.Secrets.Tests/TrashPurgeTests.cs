using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using SikkerKey.Secrets.Purging;
using SikkerKey.Testing;

namespace SikkerKey.Secrets.Tests;

/// <summary>
/// The 30-day trash on the running system: secrets are trashed through the gateway, the purger runs in-process on
/// the same database with the clock moved instead of waited for, and the outcome is checked through the gateway,
/// in PostgreSQL and in the audit log.
/// </summary>
[Collection(OwnSystemCollection.Name)]
public sealed class TrashPurgeTests(OwnSystemFixture fixture)
{
    [Fact]
    public async Task A_secret_is_purged_30_days_after_it_was_trashed_and_cannot_be_restored()
    {
        using var owner = await UserSession.SignUpAsync(fixture.System);
        var project = await SecretTests.ProjectAsync(owner);
        var trashed = await SecretTests.SecretAsync(owner, project, new { name = "token", value = "t0ken-to-forget" });
        var kept = await SecretTests.SecretAsync(owner, project, new { name = "kept", value = "still-here" });
        using var machine = await TestMachine.RegisterAsync(fixture.System, owner, [project]);
        await machine.GrantAsync(fixture.System, owner, project, trashed, kept);
        await (await owner.Client.DeleteAsync($"/api/secrets/{trashed}", Http.Ct)).AssertOkAsync(HttpStatusCode.NoContent);
        var deletedAt = (await TrashAsync(owner, project)).Single().GetProperty("deletedAt").GetDateTimeOffset();
        await using var store = SecretsExtensions.OpenStore(fixture.Infrastructure.Postgres);
        var clock = new FakeTimeProvider(deletedAt + TrashPurger.Retention - TimeSpan.FromMinutes(1));
        var purger = new TrashPurger(store, clock, NullLogger<TrashPurger>.Instance);

        Assert.Equal(0, await purger.SweepAsync(Http.Ct));
        Assert.Equal(1, await CountAsync("mt_doc_secretmaterial", trashed));
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await purger.SweepAsync(Http.Ct));
        Assert.Equal(0, await purger.SweepAsync(Http.Ct));

        Assert.Equal(0, await CountAsync("mt_doc_secretmaterial", trashed));
        Assert.Equal(1, await CountAsync("mt_doc_secretmaterial", kept));
        Assert.Equal(0, await CountAsync("mt_doc_grant", trashed));
        var refused = await (await owner.Client.PostAsync($"/api/secrets/{trashed}/restore", null, Http.Ct)).AssertErrorAsync(HttpStatusCode.Gone);
        Assert.Contains("purged", refused, StringComparison.Ordinal);
        await (await owner.Client.GetAsync($"/api/secrets/{trashed}", Http.Ct)).AssertErrorAsync(HttpStatusCode.NotFound);
        Assert.Empty(await TrashAsync(owner, project));
        Assert.Equal("still-here", (await (await owner.Client.GetAsync($"/api/secrets/{kept}", Http.Ct)).AssertOkAsync()).GetProperty("value").GetString());
        var grants = await (await owner.Client.GetAsync($"/api/secrets/{kept}/grants", Http.Ct)).AssertOkAsync();
        Assert.Equal([machine.Id], grants.GetProperty("machineIds").EnumerateArray().Select(m => m.GetGuid()));
        // The purged secret no longer holds its name.
        await (await owner.Client.PostJsonAsync($"/api/projects/{project}/secrets", new { name = "TOKEN", value = "new" })).AssertOkAsync(HttpStatusCode.Created);

        var entry = await Eventually.MatchAsync(() => AuditAsync(owner, trashed), e => e.Count == 1, TimeSpan.FromSeconds(30), "the purge reaching the audit log");
        Assert.Equal("system", entry[0].GetProperty("actorKind").GetString());
        Assert.Equal(project, entry[0].GetProperty("projectId").GetString());
    }

    [Fact]
    public async Task Two_replicas_purging_at_once_purge_each_secret_once()
    {
        using var owner = await UserSession.SignUpAsync(fixture.System);
        var project = await SecretTests.ProjectAsync(owner);
        var ids = new List<string>();
        for (var i = 0; i < 8; i++)
        {
            ids.Add(await SecretTests.SecretAsync(owner, project, new { name = $"old-{i}", value = $"v{i}" }));
            await (await owner.Client.DeleteAsync($"/api/secrets/{ids[^1]}", Http.Ct)).AssertOkAsync(HttpStatusCode.NoContent);
        }
        var lastDeleted = (await TrashAsync(owner, project)).Max(s => s.GetProperty("deletedAt").GetDateTimeOffset());
        await using var one = SecretsExtensions.OpenStore(fixture.Infrastructure.Postgres);
        await using var other = SecretsExtensions.OpenStore(fixture.Infrastructure.Postgres);
        var clock = new FakeTimeProvider(lastDeleted + TrashPurger.Retention);

        var purged = await Task.WhenAll(
            new TrashPurger(one, clock, NullLogger<TrashPurger>.Instance).SweepAsync(Http.Ct),
            new TrashPurger(other, clock, NullLogger<TrashPurger>.Instance).SweepAsync(Http.Ct));

        Assert.Equal(ids.Count, purged.Sum());
        await using var connection = await fixture.Infrastructure.OpenAsync();
        await using var facts = new NpgsqlCommand("SELECT count(*) FROM secrets.mt_events WHERE type = 'secret_purged' AND stream_id = ANY(@ids)", connection);
        facts.Parameters.AddWithValue("ids", ids.ToArray());
        Assert.Equal((long)ids.Count, await facts.ExecuteScalarAsync(Http.Ct));
        Assert.Empty(await TrashAsync(owner, project));
    }

    private static async Task<List<System.Text.Json.JsonElement>> TrashAsync(UserSession owner, string project) =>
        (await (await owner.Client.GetAsync($"/api/projects/{project}/secrets?trash=true", Http.Ct)).AssertOkAsync()).GetProperty("secrets").EnumerateArray().ToList();

    private static async Task<List<System.Text.Json.JsonElement>> AuditAsync(UserSession owner, string secretId) =>
        (await (await owner.Client.GetAsync($"/api/audit?action=secret_purged&secretId={secretId}", Http.Ct)).AssertOkAsync()).GetProperty("entries").EnumerateArray().ToList();

    /// <summary>Rows of a secrets-schema document table that belong to a secret (by id, or by <c>SecretId</c>).</summary>
    private async Task<long> CountAsync(string table, string secretId)
    {
        await using var connection = await fixture.Infrastructure.OpenAsync();
        await using var count = new NpgsqlCommand($"SELECT count(*) FROM secrets.{table} WHERE id = @id OR data->>'SecretId' = @id", connection);
        count.Parameters.AddWithValue("id", secretId);
        return (long)(await count.ExecuteScalarAsync(Http.Ct))!;
    }
}
