using System.Net;
using Npgsql;
using SikkerKey.Testing;

namespace SikkerKey.Secrets.Tests;

/// <summary>
/// Issue 21: a database writer who moves a secret to another vault or project, points it at an older version, or swaps
/// ciphertext gets no value out: the read answers 500 with the integrity error and the audit log records
/// <c>secret_integrity_failed</c> for the secret.
/// </summary>
public sealed class SecretIntegrityTests(SystemFixture fixture)
{
    private const string IntegrityError = "secret failed its integrity check";

    [Fact]
    public async Task A_secret_moved_to_another_vault_is_refused_there_and_audited()
    {
        using var owner = await UserSession.SignUpAsync(fixture.System);
        using var other = await UserSession.SignUpAsync(fixture.System);
        var id = await SecretTests.SecretAsync(owner, await SecretTests.ProjectAsync(owner), new { name = "db", value = "v1" });

        await ExecuteAsync("UPDATE secrets.mt_doc_secret SET data = jsonb_set(data, '{VaultId}', to_jsonb(@value::text)) WHERE id = @id", id, other.VaultId);

        await AssertRefusedAndAuditedAsync(other, id);
    }

    [Fact]
    public async Task A_secret_moved_to_another_project_is_refused_and_audited()
    {
        using var owner = await UserSession.SignUpAsync(fixture.System);
        var id = await SecretTests.SecretAsync(owner, await SecretTests.ProjectAsync(owner), new { name = "db", value = "v1" });
        var elsewhere = await SecretTests.ProjectAsync(owner);

        await ExecuteAsync("UPDATE secrets.mt_doc_secret SET data = jsonb_set(data, '{ProjectId}', to_jsonb(@value::text)) WHERE id = @id", id, elsewhere);

        await AssertRefusedAndAuditedAsync(owner, id);
    }

    [Fact]
    public async Task A_current_version_pointed_back_at_an_old_value_is_refused_and_audited()
    {
        using var owner = await UserSession.SignUpAsync(fixture.System);
        var id = await SecretTests.SecretAsync(owner, await SecretTests.ProjectAsync(owner), new { name = "db", value = "old" });
        await (await owner.Client.PutJsonAsync($"/api/secrets/{id}", new { value = "new" })).AssertOkAsync();

        await ExecuteAsync("UPDATE secrets.mt_doc_secret SET data = jsonb_set(data, '{CurrentVersion}', to_jsonb(@value::int)) WHERE id = @id", id, 1);

        await AssertRefusedAndAuditedAsync(owner, id);
    }

    [Fact]
    public async Task Versions_swapped_within_a_secret_are_refused_and_audited()
    {
        using var owner = await UserSession.SignUpAsync(fixture.System);
        var id = await SecretTests.SecretAsync(owner, await SecretTests.ProjectAsync(owner), new { name = "db", value = "old" });
        await (await owner.Client.PutJsonAsync($"/api/secrets/{id}", new { value = "new" })).AssertOkAsync();

        await ExecuteAsync("""
            UPDATE secrets.mt_doc_secretmaterial SET data = jsonb_set(jsonb_set(data, '{Values,1}', data->'Values'->'2'), '{Values,2}', data->'Values'->'1')
            WHERE id = @id AND @value::text IS NOT NULL
            """, id, "swap");

        await AssertRefusedAndAuditedAsync(owner, id);
    }

    [Fact]
    public async Task Material_swapped_between_secrets_of_one_project_is_refused_and_audited()
    {
        using var owner = await UserSession.SignUpAsync(fixture.System);
        var project = await SecretTests.ProjectAsync(owner);
        var first = await SecretTests.SecretAsync(owner, project, new { name = "one", value = "1" });
        var second = await SecretTests.SecretAsync(owner, project, new { name = "two", value = "2" });

        await ExecuteAsync("""
            UPDATE secrets.mt_doc_secretmaterial m SET data = jsonb_set(o.data, '{Id}', m.data->'Id')
            FROM secrets.mt_doc_secretmaterial o WHERE m.id = @id AND o.id = @value
            """, first, second);

        await AssertRefusedAndAuditedAsync(owner, first);
        Assert.Equal("2", (await (await owner.Client.GetAsync($"/api/secrets/{second}", Http.Ct)).AssertOkAsync()).GetProperty("value").GetString());
    }

    [Fact]
    public async Task A_machine_reading_a_tampered_secret_gets_the_integrity_error_and_the_fact_names_the_machine()
    {
        using var owner = await UserSession.SignUpAsync(fixture.System);
        var project = await SecretTests.ProjectAsync(owner);
        var id = await SecretTests.SecretAsync(owner, project, new { name = "db", value = "old" });
        await (await owner.Client.PutJsonAsync($"/api/secrets/{id}", new { value = "new" })).AssertOkAsync();
        using var machine = await TestMachine.RegisterAsync(fixture.System, owner, [project]);
        await machine.GrantAsync(fixture.System, owner, project, id);

        await ExecuteAsync("UPDATE secrets.mt_doc_secret SET data = jsonb_set(data, '{CurrentVersion}', to_jsonb(@value::int)) WHERE id = @id", id, 1);

        using var client = fixture.System.CreateClient();
        using var read = await client.SendAsync(machine.SignedRequest(HttpMethod.Get, $"/v1/secret/{id}"), Http.Ct);
        Assert.Equal(HttpStatusCode.InternalServerError, read.StatusCode);
        Assert.Equal($$"""{"error":"{{IntegrityError}}"}""", await read.Content.ReadAsStringAsync(Http.Ct));
        var entry = await Eventually.MatchAsync(async () => (await (await owner.Client.GetAsync($"/api/audit?action=secret_integrity_failed&secretId={id}", Http.Ct))
                .AssertOkAsync()).GetProperty("entries").EnumerateArray().ToList(),
            entries => entries.Count > 0, TimeSpan.FromSeconds(60), "the machine's secret_integrity_failed fact");
        Assert.Equal(machine.Id.ToString(), entry[0].GetProperty("machineId").GetString());
        // The machine asked, so the machine is the actor (not "system", which would hide who hit the tampered value).
        Assert.Equal(("machine", machine.Id.ToString()), (entry[0].GetProperty("actorKind").GetString(), entry[0].GetProperty("actorId").GetString()));
    }

    /// <summary>
    /// Issue 22 opens an export's values in one batch, reading each material's fields straight from the row (only the
    /// current version's value): a tampered secret among them, or material whose fields were swapped or no longer read
    /// at all, is the integrity error, never a 500 with a stack or a value, and the fact names the machine.
    /// </summary>
    [Theory]
    [InlineData("UPDATE secrets.mt_doc_secret SET data = jsonb_set(data, '{CurrentVersion}', to_jsonb(1)) WHERE id = @id")]
    [InlineData("UPDATE secrets.mt_doc_secretmaterial SET data = jsonb_set(jsonb_set(data, '{Values,1}', data->'Values'->'2'), '{Values,2}', data->'Values'->'1') WHERE id = @id")]
    [InlineData("UPDATE secrets.mt_doc_secretmaterial SET data = jsonb_set(data, '{WrappedDataKey}', '\"not base64 at all!\"') WHERE id = @id")]
    [InlineData("UPDATE secrets.mt_doc_secretmaterial SET data = jsonb_set(data, '{Format}', '\"two\"') WHERE id = @id")]
    [InlineData("UPDATE secrets.mt_doc_secretmaterial SET data = data #- '{Values,2}' WHERE id = @id")]
    [InlineData("UPDATE secrets.mt_doc_secretmaterial SET data = jsonb_set(data, '{SealedCurrentVersion}', data->'WrappedDataKey') WHERE id = @id")]
    public async Task An_export_over_a_secret_or_material_edited_in_the_database_is_the_integrity_error_and_the_fact_names_the_machine(string tampering)
    {
        using var owner = await UserSession.SignUpAsync(fixture.System);
        var project = await SecretTests.ProjectAsync(owner);
        var intact = await SecretTests.SecretAsync(owner, project, new { name = "intact", value = "fine" });
        var id = await SecretTests.SecretAsync(owner, project, new { name = "db", value = "old-value" });
        await (await owner.Client.PutJsonAsync($"/api/secrets/{id}", new { value = "new-value" })).AssertOkAsync();
        using var machine = await TestMachine.RegisterAsync(fixture.System, owner, [project]);
        await machine.GrantAsync(fixture.System, owner, project, intact, id);
        using var client = fixture.System.CreateClient();
        HttpRequestMessage Export() => machine.SignedRequest(HttpMethod.Post, "/v1/secrets/export", $"{{\"projectId\":\"{project}\"}}");
        await (await client.SendAsync(Export(), Http.Ct)).AssertOkAsync();

        await ExecuteAsync(tampering, id, 0);

        using var export = await client.SendAsync(Export(), Http.Ct);
        var body = await export.Content.ReadAsStringAsync(Http.Ct);
        Assert.Equal((HttpStatusCode.InternalServerError, $$"""{"error":"{{IntegrityError}}"}"""), (export.StatusCode, body));
        var entry = await Eventually.MatchAsync(async () => (await (await owner.Client.GetAsync($"/api/audit?action=secret_integrity_failed&secretId={id}", Http.Ct))
                .AssertOkAsync()).GetProperty("entries").EnumerateArray().ToList(),
            entries => entries.Count > 0, TimeSpan.FromSeconds(60), "the machine's secret_integrity_failed fact");
        Assert.Equal(machine.Id.ToString(), entry[0].GetProperty("machineId").GetString());
        // The machine asked, so the machine is the actor (not "system", which would hide who hit the tampered value).
        Assert.Equal(("machine", machine.Id.ToString()), (entry[0].GetProperty("actorKind").GetString(), entry[0].GetProperty("actorId").GetString()));
    }

    private static async Task AssertRefusedAndAuditedAsync(UserSession reader, string secretId)
    {
        using var response = await reader.Client.GetAsync($"/api/secrets/{secretId}", Http.Ct);
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal($$"""{"error":"{{IntegrityError}}"}""", await response.Content.ReadAsStringAsync(Http.Ct));
        var entry = await Eventually.MatchAsync(async () => (await (await reader.Client.GetAsync($"/api/audit?action=secret_integrity_failed&secretId={secretId}", Http.Ct))
                .AssertOkAsync()).GetProperty("entries").EnumerateArray().ToList(),
            entries => entries.Count > 0, TimeSpan.FromSeconds(60), "the secret_integrity_failed fact");
        Assert.Equal("critical", entry[0].GetProperty("severity").GetString());
        Assert.Equal(("user", reader.UserId), (entry[0].GetProperty("actorKind").GetString(), entry[0].GetProperty("actorId").GetString()));
    }

    private async Task ExecuteAsync(string sql, string id, object value)
    {
        await using var connection = await fixture.Infrastructure.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("value", value);
        Assert.Equal(1, await command.ExecuteNonQueryAsync(Http.Ct));
    }
}
