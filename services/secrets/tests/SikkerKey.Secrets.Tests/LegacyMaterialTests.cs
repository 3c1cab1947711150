using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Npgsql;
using SikkerKey.ServiceDefaults.Keys;
using SikkerKey.Testing;

namespace SikkerKey.Secrets.Tests;

/// <summary>
/// Material written before issue 21 (data key bound to the secret id only, values to <c>secretId:version</c>, no sealed
/// pointer) still opens: the secrets service re-seals it with the strong bindings when it starts. Afterwards a row set
/// back to the old format is refused, so the weak bindings cannot be brought back by a database writer.
/// </summary>
[Collection(OwnSystemCollection.Name)]
public sealed class LegacyMaterialTests(OwnSystemFixture fixture)
{
    [Fact]
    public async Task Values_sealed_the_old_way_open_after_a_restart_and_cannot_be_downgraded_again()
    {
        using var owner = await UserSession.SignUpAsync(fixture.System);
        var project = await SecretTests.ProjectAsync(owner);
        var id = await SecretTests.SecretAsync(owner, project, new { name = "db", value = "placeholder" });
        await (await owner.Client.PutJsonAsync($"/api/secrets/{id}", new { value = "placeholder 2" })).AssertOkAsync();
        var secrets = fixture.System.Replicas("secrets").Single();
        var root = Convert.FromBase64String(secrets.Environment["SikkerKey__RootKey"]);

        var wrappedProjectKey = Convert.FromBase64String(await ScalarAsync("SELECT data->>'Wrapped' FROM secrets.mt_doc_projectkey WHERE id = @id", project));
        var projectKey = Sealed.Open(root, wrappedProjectKey, "project:" + project);
        var dataKey = RandomNumberGenerator.GetBytes(32);
        var legacy = new
        {
            Id = id,
            WrappedDataKey = Sealed.Seal(projectKey, dataKey, "secret:" + id),
            Values = new Dictionary<string, byte[]>
            {
                ["1"] = Sealed.Seal(dataKey, Encoding.UTF8.GetBytes("written in 2025"), $"{id}:1"),
                ["2"] = Sealed.Seal(dataKey, Encoding.UTF8.GetBytes("written in 2026"), $"{id}:2"),
            },
        };
        await ExecuteAsync("UPDATE secrets.mt_doc_secretmaterial SET data = @json::jsonb WHERE id = @id", id, JsonSerializer.Serialize(legacy));

        await fixture.System.RestartAsync(secrets, new Dictionary<string, string>());
        Assert.Equal("written in 2026", (await (await owner.Client.GetAsync($"/api/secrets/{id}", Http.Ct)).AssertOkAsync()).GetProperty("value").GetString());
        await (await owner.Client.PostJsonAsync($"/api/secrets/{id}/rollback", new { version = 1 })).AssertOkAsync();
        Assert.Equal("written in 2025", (await (await owner.Client.GetAsync($"/api/secrets/{id}", Http.Ct)).AssertOkAsync()).GetProperty("value").GetString());
        Assert.Equal("2", await ScalarAsync("SELECT data->>'Format' FROM secrets.mt_doc_secretmaterial WHERE id = @id", id));

        await ExecuteAsync("UPDATE secrets.mt_doc_secretmaterial SET data = jsonb_set(data, '{Format}', '0') WHERE id = @id AND @json IS NOT NULL", id, "downgrade");
        using var refused = await owner.Client.GetAsync($"/api/secrets/{id}", Http.Ct);
        Assert.Equal(HttpStatusCode.InternalServerError, refused.StatusCode);
        Assert.Contains("secret failed its integrity check", await refused.Content.ReadAsStringAsync(Http.Ct), StringComparison.Ordinal);
    }

    private async Task<string> ScalarAsync(string sql, string id)
    {
        await using var connection = await fixture.Infrastructure.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("id", id);
        return (string)(await command.ExecuteScalarAsync(Http.Ct))!;
    }

    private async Task ExecuteAsync(string sql, string id, string json)
    {
        await using var connection = await fixture.Infrastructure.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("json", json);
        Assert.Equal(1, await command.ExecuteNonQueryAsync(Http.Ct));
    }
}
