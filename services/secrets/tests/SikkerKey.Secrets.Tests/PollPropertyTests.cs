using System.Net;
using System.Text.Json;
using Npgsql;
using SikkerKey.Testing;

namespace SikkerKey.Secrets.Tests;

/// <summary>
/// Issue 22's poll is set-based; its answers must stay exactly PRODUCT.md's. Random sequences of updates, trash and
/// restore, grants and ungrants, the owner losing and regaining Read Secrets, a revocation, reads and exports, each
/// poll's answer compared with <see cref="PollModel"/>'s. Seeded, so a failure replays; the message holds the steps.
/// </summary>
public sealed class PollPropertyTests(SystemFixture fixture)
{
    private const int Steps = 120;
    private const string NeverExisted = "sk_neverexist";

    [Theory]
    [InlineData(22)]
    [InlineData(4711)]
    [InlineData(90210)]
    public async Task Every_poll_answers_what_the_spec_says(int seed)
    {
        var random = new Random(seed);
        var model = new PollModel();
        var history = new List<string>();
        var reported = new HashSet<string>();
        using var owner = await UserSession.SignUpAsync(fixture.System);
        using var member = await owner.AddMemberAsync(fixture.System);
        var project = await SecretTests.ProjectAsync(owner);
        await SetMemberReadsAsync(owner, member, project, reads: true);
        for (var i = 0; i < 5; i++)
            model.Created(await SecretTests.SecretAsync(owner, project, new { name = $"s{i}", value = $"v{i}.1" }), $"v{i}.1");
        using var stranger = await UserSession.SignUpAsync(fixture.System);
        var foreign = await SecretTests.SecretAsync(stranger, await SecretTests.ProjectAsync(stranger), new { name = "theirs", value = "x" });
        using var ownersMachine = await TestMachine.RegisterAsync(fixture.System, owner, [project]);
        using var membersMachine = await TestMachine.RegisterAsync(fixture.System, member, [project]);
        var machines = new[] { ownersMachine, membersMachine };
        foreach (var machine in machines)
            model.AddMachine(machine.Id);
        var ids = model.SecretIds.ToList();

        for (var step = 0; step < Steps; step++)
        {
            var machine = machines[random.Next(machines.Length)];
            var id = ids[random.Next(ids.Count)];
            var roll = random.Next(100);
            var live = !model.IsTrashed(id);
            var context = $"seed {seed}, step {step}";
            if (roll < 14 && live)
            {
                var value = $"v-{step}";
                history.Add($"update {id}");
                await (await owner.Client.PutJsonAsync($"/api/secrets/{id}", new { value })).AssertOkAsync();
                model.Updated(id, value);
            }
            else if (roll < 22)
            {
                history.Add($"{(live ? "trash" : "restore")} {id}");
                var trashedOrRestored = live ? await owner.Client.DeleteAsync($"/api/secrets/{id}", Http.Ct) : await owner.Client.PostAsync($"/api/secrets/{id}/restore", null, Http.Ct);
                await trashedOrRestored.AssertOkAsync(HttpStatusCode.NoContent);
                model.Trashed(id, live);
            }
            else if (roll < 36 && live && !model.IsRevoked(machine.Id))
            {
                var grant = random.Next(3) > 0;
                history.Add($"{(grant ? "grant" : "ungrant")} {id} to {Name(machine, machines)}");
                var path = $"/api/secrets/{id}/grants/{machine.Id}";
                await (await (grant ? owner.Client.PutAsync(path, null, Http.Ct) : owner.Client.DeleteAsync(path, Http.Ct))).AssertOkAsync(HttpStatusCode.NoContent);
                model.Granted(machine.Id, id, grant);
            }
            else if (roll < 40)
            {
                var reads = !model.CanOwnerRead(membersMachine.Id);
                history.Add($"member {(reads ? "regains" : "loses")} Read Secrets");
                await SetMemberReadsAsync(owner, member, project, reads);
                if (!reads)
                    await Eventually.MatchAsync(() => GrantCountAsync(membersMachine.Id), count => count == 0, TimeSpan.FromSeconds(30), "the member's machine's grants pruned");
                model.OwnerReads(membersMachine.Id, reads);
            }
            else if (roll < 41 && step > Steps / 2 && !model.IsRevoked(ownersMachine.Id))
            {
                history.Add("revoke the owner's machine");
                await (await owner.Client.PostAsync($"/api/machines/{ownersMachine.Id}/revoke", null, Http.Ct)).AssertOkAsync(HttpStatusCode.NoContent);
                model.Revoked(ownersMachine.Id);
            }
            else if (roll < 56)
            {
                history.Add($"{Name(machine, machines)} reads {id}");
                var (status, body) = await SendAsync(machine, HttpMethod.Get, $"/v1/secret/{id}");
                var expected = model.Read(machine.Id, id);
                Assert.True((expected.Status, expected.Value) == ((int)status, status == HttpStatusCode.OK ? body.GetProperty("value").GetString() : null),
                    $"{context}: read answered {(int)status} {body}, the spec says {expected}\n{string.Join("\n", history)}");
            }
            else if (roll < 63)
            {
                history.Add($"{Name(machine, machines)} exports");
                var (status, body) = await SendAsync(machine, HttpMethod.Post, "/v1/secrets/export", $"{{\"projectId\":\"{project}\"}}");
                var expected = model.IsRevoked(machine.Id) ? null : model.Export(machine.Id);
                var actual = status == HttpStatusCode.OK
                    ? body.GetProperty("secrets").EnumerateArray().ToDictionary(s => s.GetProperty("id").GetString()!, s => s.GetProperty("value").GetString()!) : null;
                Assert.True(expected is null ? status == HttpStatusCode.Unauthorized : actual is not null && Same(expected, actual),
                    $"{context}: export answered {(int)status} {body}, the spec says {Show(expected)}\n{string.Join("\n", history)}");
            }
            else
            {
                var watched = ids.Where(_ => random.Next(4) > 0).Concat(random.Next(4) == 0 ? [foreign, NeverExisted] : []).OrderBy(_ => random.Next()).ToList();
                history.Add($"{Name(machine, machines)} polls {string.Join(",", watched)}");
                var (status, body) = await SendAsync(machine, HttpMethod.Post, "/v1/secrets/poll", Seeded.WatchBody(watched));
                var expected = model.IsRevoked(machine.Id) ? null : model.Poll(machine.Id, watched);
                var actual = status == HttpStatusCode.OK
                    ? body.GetProperty("changes").EnumerateObject().ToDictionary(c => c.Name, c => c.Value.GetProperty("status").GetString()!) : null;
                Assert.True(expected is null ? status == HttpStatusCode.Unauthorized : actual is not null && Same(expected, actual),
                    $"{context}: poll answered {(int)status} {body}, the spec says {Show(expected)}\n{string.Join("\n", history)}");
                history[^1] += " → " + Show(actual);
                reported.UnionWith(actual?.Values.AsEnumerable() ?? []);
            }
        }
        // A sequence that never reached a status proves nothing about it.
        Assert.Equal(["access_denied", "changed", "deleted"], reported.Order());
    }

    private static string Name(TestMachine machine, TestMachine[] machines) => machine == machines[0] ? "owner's machine" : "member's machine";

    private static bool Same(Dictionary<string, string> expected, Dictionary<string, string> actual) =>
        expected.Count == actual.Count && expected.All(e => actual.GetValueOrDefault(e.Key) == e.Value);

    private static string Show(Dictionary<string, string>? answer) =>
        answer is null ? "401" : "{" + string.Join(", ", answer.OrderBy(a => a.Key).Select(a => $"{a.Key}: {a.Value}")) + "}";

    internal static async Task SetMemberReadsAsync(UserSession owner, UserSession member, string project, bool reads) =>
        await (await owner.Client.PutJsonAsync($"/api/projects/{project}/members/{member.UserId}",
            new { permissions = reads ? new[] { "ManageProvisionedMachines", "ReadSecrets" } : ["ManageProvisionedMachines"] })).AssertOkAsync();

    /// <summary>Losing Read Secrets prunes the member's machines' grants over the bus; the next step waits for it.</summary>
    private async Task<long> GrantCountAsync(Guid machineId)
    {
        await using var connection = await fixture.Infrastructure.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM secrets.mt_doc_grant WHERE data->>'MachineId' = @machine", connection);
        count.Parameters.AddWithValue("machine", machineId.ToString());
        return (long)(await count.ExecuteScalarAsync(Http.Ct))!;
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(TestMachine machine, HttpMethod method, string path, string? body = null)
    {
        using var client = fixture.System.CreateClient();
        using var response = await client.SendAsync(machine.SignedRequest(method, path, body), Http.Ct);
        var text = await response.Content.ReadAsStringAsync(Http.Ct);
        return (response.StatusCode, text.Length == 0 ? default : JsonSerializer.Deserialize<JsonElement>(text));
    }
}
