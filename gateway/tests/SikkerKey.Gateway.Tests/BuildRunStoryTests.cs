using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SikkerKey.Signing;
using SikkerKey.Signing.Keys;
using SikkerKey.Testing;

namespace SikkerKey.Gateway.Tests;

/// <summary>
/// What a new user does first, on the system exactly as <c>build/run</c> starts it (first admin present, audit key,
/// supervision): a stranger probes it, then the admin provisions a container that reads. Every fact is in the audit
/// log once, in order, with actor and address, the strangers' in the instance chain only; both chains verify; and no
/// process wrote a <c>fail:</c> line. (A suite that was green once missed a fresh build/run losing its whole audit log
/// to one anonymous request: no test started the system this way and then looked for later facts.)
/// </summary>
public sealed class BuildRunStoryTests(BuildRunFixture run) : IClassFixture<BuildRunFixture>
{
    [Fact]
    public async Task Strangers_probing_then_a_container_reading_are_all_audited_and_no_log_has_a_fail_line()
    {
        using var stranger = new HttpClient { BaseAddress = run.Url, Timeout = TimeSpan.FromSeconds(100) };
        using (var anonymous = await stranger.GetAsync("/v1/secrets", Http.Ct))
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        using (var keys = Ed25519Keys.Generate())
        using (var forger = RequestSigner.FromPem(Guid.NewGuid(), keys.PrivateKeyPem))
            Assert.Equal(HttpStatusCode.Unauthorized, await BuildRunContainer.ReadAsync(stranger, forger, "sk_nothing"));
        using (var login = await stranger.PostAsJsonAsync("/api/auth/login", new { email = "nobody@example.test", password = "not-a-password-at-all" }, Http.Ct))
            Assert.Equal(HttpStatusCode.Unauthorized, login.StatusCode);

        using var admin = await run.AdminClientAsync();
        var project = await IdAsync(await admin.PostAsJsonAsync("/api/projects", new { name = "story" }, Http.Ct));
        var granted = await IdAsync(await admin.PostAsJsonAsync($"/api/projects/{project}/secrets", new { name = "DATABASE_URL", value = "postgres://story" }, Http.Ct));
        var other = await IdAsync(await admin.PostAsJsonAsync($"/api/projects/{project}/secrets", new { name = "OTHER", value = "not for it" }, Http.Ct));
        var provisioned = await (await admin.PostAsJsonAsync("/api/integrations/docker/containers", new { projectId = project, secretIds = new[] { granted } }, Http.Ct))
            .AssertOkAsync(HttpStatusCode.Created);
        var machineId = provisioned.GetProperty("machineId").GetGuid();
        var download = provisioned.GetProperty("downloadUrl").GetString();
        using var bundle = await admin.GetAsync(download, Http.Ct);
        Assert.Equal(HttpStatusCode.OK, bundle.StatusCode);
        using (var again = await admin.GetAsync(download, Http.Ct))
            Assert.Equal(HttpStatusCode.Gone, again.StatusCode);
        using var container = TestMachine.SignerFromBundle(machineId, await bundle.Content.ReadAsByteArrayAsync(Http.Ct));
        Assert.Equal(HttpStatusCode.OK, await BuildRunContainer.ReadAsync(stranger, container, granted));
        Assert.Equal(HttpStatusCode.Forbidden, await BuildRunContainer.ReadAsync(stranger, container, other));
        using (var disable = await admin.PostAsync($"/api/machines/{machineId}/disable", null, Http.Ct))
            Assert.Equal(HttpStatusCode.NoContent, disable.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, await BuildRunContainer.ReadAsync(stranger, container, granted));

        string[] story = ["project_created", "secret_created", "secret_created", "machine_registered", "machine_provisioned", "bundle_downloaded",
            "bundle_download_refused", "secret_read", "secret_read_denied", "machine_disabled", "machine_auth_failed"];
        var vault = await Eventually.MatchAsync(() => EntriesAsync(admin, ""), entries => Subsequence(entries, story), TimeSpan.FromSeconds(60),
            "the story's facts in the vault's audit log");
        var system = await Eventually.MatchAsync(() => EntriesAsync(admin, "&chain=system"),
            entries => entries.Count(e => e.Action == "machine_auth_failed") >= 2 && entries.Any(e => e.Action == "user_login_failed"), TimeSpan.FromSeconds(60),
            "the strangers' facts in the instance chain");

        // Every fact of the story was caused by someone from somewhere: the log says where, management facts included.
        Assert.All(vault.Where(e => story.Contains(e.Action)), e => Assert.False(string.IsNullOrEmpty(e.SourceIp), $"{e.Action} has no source address"));
        Assert.Single(vault, e => e.Action == "secret_read");
        Assert.Equal(machineId.ToString(), vault.Single(e => e.Action == "secret_read").MachineId);
        Assert.DoesNotContain(vault, e => e.Action == "user_login_failed");
        Assert.Contains(system, e => e.Action == "user_login_failed" && e.Detail!.Contains("nobody@example.test", StringComparison.Ordinal) && !string.IsNullOrEmpty(e.SourceIp));
        foreach (var chain in new[] { "", "?chain=system" })
            Assert.True((await (await admin.GetAsync("/api/audit/verify" + chain, Http.Ct)).AssertOkAsync()).GetProperty("valid").GetBoolean(), $"verify{chain}");

        var failLines = Directory.EnumerateFiles(Path.Combine(run.Environment["SIKKERKEY_DATA"], "logs"), "*.log")
            .SelectMany(log => File.ReadLines(log).Where(l => l.Contains(" fail: ", StringComparison.Ordinal)).Select(l => $"{Path.GetFileName(log)}: {l}"))
            .ToList();
        Assert.True(failLines.Count == 0, "fail: lines in build/run's logs:\n" + string.Join('\n', failLines));
        // Nor a stack trace: the gateway's health probes logged one per failed probe while the services started.
        var stackLines = Directory.EnumerateFiles(Path.Combine(run.Environment["SIKKERKEY_DATA"], "logs"), "*.log")
            .SelectMany(log => File.ReadLines(log).Where(l => l.TrimStart().StartsWith("at ", StringComparison.Ordinal) && l.Contains(") in ", StringComparison.Ordinal) || l.Contains("   at System.", StringComparison.Ordinal))
                .Select(l => $"{Path.GetFileName(log)}: {l}"))
            .Take(20).ToList();
        Assert.True(stackLines.Count == 0, "stack traces in build/run's logs:\n" + string.Join('\n', stackLines));
    }

    private sealed record Entry(string Action, string? SourceIp, string? MachineId, string? Detail);

    private static async Task<List<Entry>> EntriesAsync(HttpClient admin, string query)
    {
        var page = await (await admin.GetAsync("/api/audit?limit=500" + query, Http.Ct)).AssertOkAsync();
        // Newest first on the wire; oldest first here, as the story happened.
        return page.GetProperty("entries").EnumerateArray().Reverse()
            .Select(e => new Entry(e.GetProperty("action").GetString()!, Text(e, "sourceIp"), Text(e, "machineId"), Text(e, "detail"))).ToList();
    }

    private static string? Text(JsonElement entry, string field) => entry.GetProperty(field).ValueKind == JsonValueKind.Null ? null : entry.GetProperty(field).GetString();

    /// <summary>Whether the story's actions occur in this order among the entries (other facts may come between).</summary>
    private static bool Subsequence(List<Entry> entries, string[] story)
    {
        var next = 0;
        foreach (var entry in entries)
        {
            if (next < story.Length && entry.Action == story[next])
                next++;
        }
        return next == story.Length;
    }

    private static async Task<string> IdAsync(HttpResponseMessage response) =>
        (await response.AssertOkAsync(HttpStatusCode.Created)).GetProperty("id").GetString()!;
}
