using System.Net;
using System.Text.Json;
using Npgsql;
using SikkerKey.Testing;

namespace SikkerKey.Secrets.Tests;

/// <summary>The v1 API exactly as the official clients use it, signed by a machine through the gateway.</summary>
public sealed class MachinePlaneTests(SystemFixture fixture)
{
    private sealed record Setup(UserSession Owner, string Project, string Plain, string Structured, string Ungranted, TestMachine Machine) : IDisposable
    {
        public void Dispose()
        {
            Machine.Dispose();
            Owner.Dispose();
        }
    }

    private async Task<Setup> SetUpAsync()
    {
        var owner = await UserSession.SignUpAsync(fixture.System);
        var project = await SecretTests.ProjectAsync(owner);
        var plain = await SecretTests.SecretAsync(owner, project, new { name = "database-url", value = "postgres://db/one" });
        var structured = await SecretTests.SecretAsync(owner, project, new { name = "stripe-keys", fields = new { publishable = "pk_1", secret = "sk_live_1" } });
        var ungranted = await SecretTests.SecretAsync(owner, project, new { name = "root password", value = "hunter2hunter2" });
        var machine = await TestMachine.RegisterAsync(fixture.System, owner, [project]);
        await machine.GrantAsync(fixture.System, owner, project, plain, structured);
        return new Setup(owner, project, plain, structured, ungranted, machine);
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(TestMachine machine, HttpMethod method, string path, string? body = null)
    {
        using var client = fixture.System.CreateClient();
        using var response = await client.SendAsync(machine.SignedRequest(method, path, body), Http.Ct);
        var text = await response.Content.ReadAsStringAsync(Http.Ct);
        return (response.StatusCode, text.Length == 0 ? default : JsonSerializer.Deserialize<JsonElement>(text));
    }

    [Fact]
    public async Task A_machine_reads_what_it_was_granted_and_nothing_else()
    {
        using var s = await SetUpAsync();

        var plain = await SendAsync(s.Machine, HttpMethod.Get, $"/v1/secret/{s.Plain}");
        var structured = await SendAsync(s.Machine, HttpMethod.Get, $"/v1/secret/{s.Structured}");
        var ungranted = await SendAsync(s.Machine, HttpMethod.Get, $"/v1/secret/{s.Ungranted}");
        var unknown = await SendAsync(s.Machine, HttpMethod.Get, "/v1/secret/sk_nosuchsecr");

        Assert.Equal((HttpStatusCode.OK, "postgres://db/one"), (plain.Status, plain.Body.GetProperty("value").GetString()));
        Assert.Equal("sk_live_1", JsonSerializer.Deserialize<JsonElement>(structured.Body.GetProperty("value").GetString()!).GetProperty("secret").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, ungranted.Status);
        Assert.DoesNotContain("hunter2", ungranted.Body.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);
        Assert.False(string.IsNullOrEmpty(unknown.Body.GetProperty("error").GetString()));
    }

    [Fact]
    public async Task Lists_use_the_official_shapes()
    {
        using var s = await SetUpAsync();

        var all = await SendAsync(s.Machine, HttpMethod.Get, "/v1/secrets");
        var byProject = await SendAsync(s.Machine, HttpMethod.Post, "/v1/secrets/list", $"{{\"projectId\": \"{s.Project}\"}}");
        var cli = await SendAsync(s.Machine, HttpMethod.Get, "/v1/cli/secrets");
        var projects = await SendAsync(s.Machine, HttpMethod.Get, "/v1/cli/projects");

        Assert.Equal(HttpStatusCode.OK, all.Status);
        var listed = all.Body.GetProperty("secrets").EnumerateArray().ToDictionary(e => e.GetProperty("id").GetString()!);
        Assert.Equal([s.Plain, s.Structured], listed.Keys.Order().ToArray().OrderBy(k => k == s.Plain ? 0 : 1));
        Assert.Equal(JsonValueKind.Null, listed[s.Plain].GetProperty("fieldNames").ValueKind);
        Assert.Equal("[\"publishable\",\"secret\"]", listed[s.Structured].GetProperty("fieldNames").GetString());
        Assert.Equal(s.Project, listed[s.Plain].GetProperty("projectId").GetString());
        Assert.Equal(all.Body.GetRawText(), byProject.Body.GetRawText());
        var types = cli.Body.GetProperty("secrets").EnumerateArray().ToDictionary(e => e.GetProperty("id").GetString()!, e => e.GetProperty("type").GetString());
        Assert.Equal("secret", types[s.Plain]);
        Assert.Equal("structured", types[s.Structured]);
        Assert.Equal(JsonValueKind.Null, cli.Body.GetProperty("secrets")[0].GetProperty("applicationId").ValueKind);
        // The CLI's list names exactly what /v1/secrets lists, in the same order, with the same field names and project.
        var cliSecrets = cli.Body.GetProperty("secrets").EnumerateArray().ToList();
        Assert.Equal(all.Body.GetProperty("secrets").EnumerateArray().Select(e => (e.GetProperty("id").GetString(), e.GetProperty("name").GetString(), e.GetProperty("fieldNames").GetRawText(), e.GetProperty("projectId").GetString())),
            cliSecrets.Select(e => (e.GetProperty("id").GetString(), e.GetProperty("name").GetString(), e.GetProperty("fieldNames").GetRawText(), e.GetProperty("projectId").GetString())));
        Assert.All(cliSecrets, e => Assert.Equal(projects.Body.GetProperty("projects")[0].GetProperty("projectName").GetString(), e.GetProperty("projectName").GetString()));
        Assert.False(string.IsNullOrEmpty(projects.Body.GetProperty("projects")[0].GetProperty("projectName").GetString()));
        Assert.Equal(s.Project, projects.Body.GetProperty("projects").EnumerateArray().Single().GetProperty("projectId").GetString());
    }

    [Fact]
    public async Task Export_takes_no_body_a_project_or_refuses_applications()
    {
        using var s = await SetUpAsync();

        var noBody = await SendAsync(s.Machine, HttpMethod.Post, "/v1/secrets/export");
        var project = await SendAsync(s.Machine, HttpMethod.Post, "/v1/secrets/export", $"{{\"projectId\":\"{s.Project}\"}}");
        var application = await SendAsync(s.Machine, HttpMethod.Post, "/v1/secrets/export", "{\"applicationId\":\"app_1\"}");

        Assert.Equal(HttpStatusCode.OK, noBody.Status);
        var values = noBody.Body.GetProperty("secrets").EnumerateArray().ToDictionary(e => e.GetProperty("id").GetString()!, e => e.GetProperty("value").GetString());
        Assert.Equal("postgres://db/one", values[s.Plain]);
        Assert.DoesNotContain(s.Ungranted, values.Keys);
        Assert.Equal(noBody.Body.GetRawText(), project.Body.GetRawText());
        Assert.Equal(HttpStatusCode.NotFound, application.Status);
    }

    [Fact]
    public async Task Poll_reports_changes_against_what_the_machine_last_read()
    {
        using var s = await SetUpAsync();
        var watch = $"{{\"watch\": [\"{s.Plain}\", \"{s.Structured}\", \"{s.Ungranted}\"]}}";

        var first = await SendAsync(s.Machine, HttpMethod.Post, "/v1/secrets/poll", watch);
        Assert.Equal("{\"" + s.Ungranted + "\":{\"status\":\"access_denied\"}}", first.Body.GetProperty("changes").GetRawText());

        await s.Owner.Client.PutJsonAsync($"/api/secrets/{s.Plain}", new { value = "postgres://db/two" });
        var changed = await SendAsync(s.Machine, HttpMethod.Post, "/v1/secrets/poll", watch);
        Assert.Equal("changed", changed.Body.GetProperty("changes").GetProperty(s.Plain).GetProperty("status").GetString());
        Assert.False(changed.Body.GetProperty("changes").TryGetProperty(s.Structured, out _));

        Assert.Equal("postgres://db/two", (await SendAsync(s.Machine, HttpMethod.Get, $"/v1/secret/{s.Plain}")).Body.GetProperty("value").GetString());
        var quiet = await SendAsync(s.Machine, HttpMethod.Post, "/v1/secrets/poll", $"{{\"watch\":[\"{s.Plain}\"]}}");
        Assert.Equal("{}", quiet.Body.GetProperty("changes").GetRawText());

        await s.Owner.Client.DeleteAsync($"/api/secrets/{s.Plain}", Http.Ct);
        var deleted = await SendAsync(s.Machine, HttpMethod.Post, "/v1/secrets/poll", $"{{\"watch\":[\"{s.Plain}\"]}}");
        Assert.Equal("deleted", deleted.Body.GetProperty("changes").GetProperty(s.Plain).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Verify_access_answers_for_a_project()
    {
        using var s = await SetUpAsync();
        using var other = await UserSession.SignUpAsync(fixture.System);
        var foreign = await SecretTests.ProjectAsync(other);

        var mine = await SendAsync(s.Machine, HttpMethod.Post, "/v1/verify-access", $"{{\"projectId\":\"{s.Project}\"}}");
        var theirs = await SendAsync(s.Machine, HttpMethod.Post, "/v1/verify-access", $"{{\"projectId\":\"{foreign}\"}}");

        Assert.True(mine.Body.GetProperty("valid").GetBoolean());
        Assert.Equal(JsonValueKind.Null, mine.Body.GetProperty("error").ValueKind);
        Assert.False(theirs.Body.GetProperty("valid").GetBoolean());
        Assert.Equal(JsonValueKind.Null, theirs.Body.GetProperty("projectName").ValueKind);
    }

    [Fact]
    public async Task Reads_and_refusals_are_recorded_with_the_gateways_source_ip_and_values_are_never_stored_in_clear()
    {
        using var s = await SetUpAsync();
        await SendAsync(s.Machine, HttpMethod.Get, $"/v1/secret/{s.Plain}");
        await SendAsync(s.Machine, HttpMethod.Get, $"/v1/secret/{s.Ungranted}");

        // Each fact reaches the audit log once, through the outbox and the bus, with the address the gateway saw.
        var entries = await Eventually.MatchAsync(async () =>
            {
                using var response = await s.Owner.Client.GetAsync($"/api/audit?limit=500&machineId={s.Machine.Id}", Http.Ct);
                return (await response.AssertOkAsync()).GetProperty("entries").EnumerateArray()
                    .Where(e => e.GetProperty("action").GetString()!.StartsWith("secret_read", StringComparison.Ordinal)).ToList();
            }, found => found.Count >= 2, TimeSpan.FromSeconds(30), "the read and the refusal in the audit log");
        Assert.Equal(["secret_read", "secret_read_denied"], entries.Select(e => e.GetProperty("action").GetString()).Order());
        Assert.All(entries, e => Assert.Equal("127.0.0.1", e.GetProperty("sourceIp").GetString()));
        Assert.Equal(s.Plain, entries.Single(e => e.GetProperty("action").GetString() == "secret_read").GetProperty("secretId").GetString());

        await using var connection = await fixture.Infrastructure.OpenAsync();
        foreach (var clear in new[] { "postgres://db/one", "sk_live_1", "hunter2hunter2" })
            Assert.Equal(0, await CountRowsContainingAsync(connection, clear));
    }

    [Fact]
    public async Task A_read_answered_404_is_recorded_as_denied_in_the_machines_own_vault_naming_nothing_of_another()
    {
        using var s = await SetUpAsync();
        using var other = await UserSession.SignUpAsync(fixture.System);
        var foreignProject = await SecretTests.ProjectAsync(other);
        var foreign = await SecretTests.SecretAsync(other, foreignProject, new { name = "theirs", value = "v" });
        await (await s.Owner.Client.DeleteAsync($"/api/secrets/{s.Plain}", Http.Ct)).AssertOkAsync(HttpStatusCode.NoContent);
        const string unknown = "sk_zzzzzzzzzz";
        var junk = "sk_" + new string('x', 300);

        foreach (var id in new[] { s.Plain, unknown, foreign, junk })
            Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(s.Machine, HttpMethod.Get, $"/v1/secret/{id}")).Status);

        var denied = await Eventually.MatchAsync(async () =>
            {
                using var response = await s.Owner.Client.GetAsync($"/api/audit?limit=500&machineId={s.Machine.Id}", Http.Ct);
                return (await response.AssertOkAsync()).GetProperty("entries").EnumerateArray()
                    .Where(e => e.GetProperty("action").GetString() == "secret_read_denied").ToList();
            }, found => found.Count >= 4, TimeSpan.FromSeconds(30), "the four refused reads in the audit log");
        Assert.Equal(4, denied.Count);
        var bySecret = denied.ToDictionary(e => e.GetProperty("secretId").GetString()!);
        Assert.Contains("deleted", bySecret[s.Plain].GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(s.Project, bySecret[s.Plain].GetProperty("projectId").GetString());
        foreach (var id in new[] { unknown, foreign })
        {
            Assert.Contains("not_found", bySecret[id].GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.NotEqual(foreignProject, bySecret[id].GetProperty("projectId").GetString());
        }
        Assert.Contains(bySecret.Keys, k => k.Length < 50 && k.StartsWith("sk_xxx", StringComparison.Ordinal));
        Assert.All(denied, e => Assert.Equal("127.0.0.1", e.GetProperty("sourceIp").GetString()));

        // Nothing of it reached the other vault's log.
        using var theirs = await other.Client.GetAsync("/api/audit?limit=500", Http.Ct);
        Assert.DoesNotContain((await theirs.AssertOkAsync()).GetProperty("entries").EnumerateArray(),
            e => e.GetProperty("action").GetString() == "secret_read_denied");
    }

    /// <summary>Every row of every table in the database, as text.</summary>
    private static async Task<long> CountRowsContainingAsync(NpgsqlConnection connection, string text)
    {
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand("SELECT quote_ident(schemaname) || '.' || quote_ident(tablename) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')", connection))
        await using (var reader = await list.ExecuteReaderAsync(Http.Ct))
            while (await reader.ReadAsync(Http.Ct))
                tables.Add(reader.GetString(0));
        long found = 0;
        foreach (var table in tables)
        {
            await using var count = new NpgsqlCommand($"SELECT count(*) FROM {table} t WHERE t::text LIKE @text", connection);
            count.Parameters.AddWithValue("text", "%" + text + "%");
            found += (long)(await count.ExecuteScalarAsync(Http.Ct))!;
        }
        return found;
    }
}
