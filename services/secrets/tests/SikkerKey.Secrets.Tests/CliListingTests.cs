using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SikkerKey.Testing;

namespace SikkerKey.Secrets.Tests;

/// <summary>
/// The official CLI's lists are rendered once and reused while nothing they depend on changed (issue 22). Each kind
/// of write that can change them — a project renamed, a grant added or removed, a secret's fields changed, a secret
/// trashed or restored, the machine's owner losing Read Secrets — must show in the very next list, asked twice so the
/// second is the kept copy. Without the project table's generation trigger the rename step fails; without the
/// principal's fingerprint, the permission step.
/// </summary>
public sealed class CliListingTests(SystemFixture fixture)
{
    [Fact]
    public async Task Every_write_shows_in_the_next_CLI_list()
    {
        using var owner = await UserSession.SignUpAsync(fixture.System);
        using var member = await owner.AddMemberAsync(fixture.System);
        var first = await SecretTests.ProjectAsync(owner);
        var second = await SecretTests.ProjectAsync(owner);
        foreach (var project in new[] { first, second })
            await PollPropertyTests.SetMemberReadsAsync(owner, member, project, reads: true);
        var a = await SecretTests.SecretAsync(owner, first, new { name = "A", value = "1" });
        var b = await SecretTests.SecretAsync(owner, first, new { name = "B", fields = new { user = "u", pass = "p" } });
        var c = await SecretTests.SecretAsync(owner, first, new { name = "C", value = "3" });
        var d = await SecretTests.SecretAsync(owner, second, new { name = "D", value = "4" });
        using var machine = await TestMachine.RegisterAsync(fixture.System, member, [first, second]);
        await machine.GrantAsync(fixture.System, owner, first, a, b);
        await machine.GrantAsync(fixture.System, owner, second, d);

        var names = new Dictionary<string, string> { [first] = await ProjectNameAsync(owner, first), [second] = await ProjectNameAsync(owner, second) };
        var listed = new Dictionary<string, string> { [a] = first, [b] = first, [d] = second };
        async Task ExpectAsync(string step, string? fieldOfB = null)
        {
            for (var ask = 1; ask <= 2; ask++)
            {
                var secrets = (await ListAsync("/v1/cli/secrets")).GetProperty("secrets").EnumerateArray().ToList();
                var context = $"after {step}, list {ask}: {string.Join(", ", secrets.Select(s => s.GetRawText()))}";
                Assert.True(listed.Keys.Order().SequenceEqual(secrets.Select(s => s.GetProperty("id").GetString()!).Order()), context);
                Assert.All(secrets, s => Assert.True(names[listed[s.GetProperty("id").GetString()!]] == s.GetProperty("projectName").GetString(), context));
                if (fieldOfB is not null)
                    Assert.Contains(fieldOfB, secrets.Single(s => s.GetProperty("id").GetString() == b).GetProperty("fieldNames").GetString(), StringComparison.Ordinal);
                var projects = (await ListAsync("/v1/cli/projects")).GetProperty("projects").EnumerateArray()
                    .Select(p => (p.GetProperty("projectId").GetString()!, p.GetProperty("projectName").GetString()!)).Order().ToList();
                Assert.True(listed.Values.Distinct().Select(p => (p, names[p])).Order().SequenceEqual(projects), $"after {step}, projects {ask}: {string.Join(", ", projects)}");
            }
        }

        await ExpectAsync("granting A, B and D");
        await (await owner.Client.PatchAsJsonAsync($"/api/projects/{first}", new { name = "renamed-" + Guid.NewGuid().ToString("N")[..6] }, Http.Ct)).AssertOkAsync();
        names[first] = await ProjectNameAsync(owner, first);
        await ExpectAsync("renaming the first project");
        await machine.GrantAsync(fixture.System, owner, first, c);
        listed[c] = first;
        await ExpectAsync("granting C");
        await (await owner.Client.DeleteAsync($"/api/secrets/{a}/grants/{machine.Id}", Http.Ct)).AssertOkAsync(HttpStatusCode.NoContent);
        listed.Remove(a);
        await ExpectAsync("ungranting A");
        await (await owner.Client.PutJsonAsync($"/api/secrets/{b}", new { fields = new { user = "u", pass = "p", host = "h" } })).AssertOkAsync();
        await ExpectAsync("adding a field to B", fieldOfB: "host");
        await (await owner.Client.DeleteAsync($"/api/secrets/{c}", Http.Ct)).AssertOkAsync(HttpStatusCode.NoContent);
        listed.Remove(c);
        await ExpectAsync("trashing C");
        await (await owner.Client.PostAsync($"/api/secrets/{c}/restore", null, Http.Ct)).AssertOkAsync(HttpStatusCode.NoContent);
        listed[c] = first;
        await ExpectAsync("restoring C");
        // Checked at once: the grants the lost permission prunes go later, over the bus; the principal changed now.
        await PollPropertyTests.SetMemberReadsAsync(owner, member, second, reads: false);
        listed.Remove(d);
        await ExpectAsync("the owner losing Read Secrets on the second project");

        async Task<JsonElement> ListAsync(string path)
        {
            using var client = fixture.System.CreateClient();
            using var response = await client.SendAsync(machine.SignedRequest(HttpMethod.Get, path), Http.Ct);
            return await response.AssertOkAsync();
        }
    }

    private static async Task<string> ProjectNameAsync(UserSession owner, string project) =>
        (await (await owner.Client.GetAsync("/api/projects", Http.Ct)).AssertOkAsync()).GetProperty("projects").EnumerateArray()
            .Single(p => p.GetProperty("id").GetString() == project).GetProperty("name").GetString()!;
}
