using System.Net;
using System.Text.Json;
using SikkerKey.Testing;

namespace SikkerKey.Audit.Tests;

/// <summary>A bundle's single download, each refused one, and its expiry unused are audited, each on its own.</summary>
public sealed class BundleAuditTests(AuditSystemFixture fixture)
{
    [Fact]
    public async Task A_download_is_audited_with_the_user_and_the_address()
    {
        using var owner = await UserSession.SignUpAsync(fixture.System);
        var (machineId, downloadUrl) = await ProvisionAsync(owner);
        using var download = await owner.Client.GetAsync(downloadUrl, Http.Ct);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);

        var entry = await owner.EntryAsync($"&action=bundle_downloaded&machineId={machineId}", _ => true, "bundle_downloaded");
        Assert.Equal(("user", owner.UserId, "127.0.0.1", "info"), (entry.Text("actorKind"), entry.Text("actorId"), entry.Text("sourceIp"), entry.Text("severity")));
        Assert.DoesNotContain("PRIVATE KEY", entry.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refused_downloads_are_audited_with_who_was_refused_and_why()
    {
        using var owner = await UserSession.SignUpAsync(fixture.System);
        using var member = await owner.AddMemberAsync(fixture.System);
        using var auditor = await owner.AddMemberAsync(fixture.System, "auditor");
        var (machineId, downloadUrl) = await ProvisionAsync(owner);
        await (await member.Client.GetAsync(downloadUrl, Http.Ct)).AssertErrorAsync(HttpStatusCode.Forbidden);
        await (await auditor.Client.GetAsync(downloadUrl, Http.Ct)).AssertErrorAsync(HttpStatusCode.Forbidden);
        using (var download = await owner.Client.GetAsync(downloadUrl, Http.Ct))
            Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        await (await owner.Client.GetAsync(downloadUrl, Http.Ct)).AssertErrorAsync(HttpStatusCode.Gone);

        // The auditor's refusal too: no role check in front of the endpoint refuses unrecorded.
        var refusals = (await Eventually.MatchAsync(() => owner.EntriesAsync($"&action=bundle_download_refused&machineId={machineId}"),
            entries => entries.Count == 3, AuditLog.Patience, "three refused downloads")).ToDictionary(e => e.Text("actorId")!);
        Assert.Equal(new[] { member.UserId, auditor.UserId, owner.UserId }.Order(), refusals.Keys.Order());
        Assert.All(refusals.Values, e => Assert.Equal(("user", "warning", "127.0.0.1"), (e.Text("actorKind"), e.Text("severity"), e.Text("sourceIp"))));
        Assert.Contains("not_provisioner", refusals[member.UserId].Text("detail"), StringComparison.Ordinal);
        Assert.Contains("not_provisioner", refusals[auditor.UserId].Text("detail"), StringComparison.Ordinal);
        Assert.Contains("already_downloaded", refusals[owner.UserId].Text("detail"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bundle_whose_machine_is_disabled_revoked_or_deleted_is_refused_for_that_reason()
    {
        using var owner = await UserSession.SignUpAsync(fixture.System);
        var (disabled, disabledUrl) = await ProvisionAsync(owner, "disabled");
        var (revoked, revokedUrl) = await ProvisionAsync(owner, "revoked");
        var (deleted, deletedUrl) = await ProvisionAsync(owner, "deleted");
        await (await owner.Client.PostAsync($"/api/machines/{disabled}/disable", null, Http.Ct)).AssertOkAsync(HttpStatusCode.NoContent);
        await (await owner.Client.PostAsync($"/api/machines/{revoked}/revoke", null, Http.Ct)).AssertOkAsync(HttpStatusCode.NoContent);
        await (await owner.Client.DeleteAsync($"/api/machines/{deleted}", Http.Ct)).AssertOkAsync(HttpStatusCode.NoContent);

        // Disabled is not final: the refusal says what to do, does not spend the link, and enabling makes it work.
        Assert.Contains("disabled", await (await owner.Client.GetAsync(disabledUrl, Http.Ct)).AssertErrorAsync(HttpStatusCode.Conflict), StringComparison.Ordinal);
        Assert.Contains("revoked", await (await owner.Client.GetAsync(revokedUrl, Http.Ct)).AssertErrorAsync(HttpStatusCode.Gone), StringComparison.Ordinal);
        Assert.Contains("deleted", await (await owner.Client.GetAsync(deletedUrl, Http.Ct)).AssertErrorAsync(HttpStatusCode.Gone), StringComparison.Ordinal);
        await (await owner.Client.PostAsync($"/api/machines/{disabled}/enable", null, Http.Ct)).AssertOkAsync(HttpStatusCode.NoContent);
        using (var download = await owner.Client.GetAsync(disabledUrl, Http.Ct))
            Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Contains("already", await (await owner.Client.GetAsync(disabledUrl, Http.Ct)).AssertErrorAsync(HttpStatusCode.Gone), StringComparison.Ordinal);

        foreach (var (machineId, reason) in new[] { (disabled, "machine_disabled"), (revoked, "machine_revoked"), (deleted, "machine_deleted") })
        {
            // The disabled machine has two refusals (disabled, then already downloaded once enabled): find this one's.
            var refused = await owner.EntryAsync($"&action=bundle_download_refused&machineId={machineId}",
                e => e.Text("detail")?.Contains(reason, StringComparison.Ordinal) == true, reason);
            Assert.Equal(("user", "warning"), (refused.Text("actorKind"), refused.Text("severity")));
        }
    }

    internal static async Task<(Guid MachineId, string DownloadUrl)> ProvisionAsync(UserSession owner, string projectName = "bundles")
    {
        var project = await owner.CreateProjectAsync(projectName);
        var secret = await owner.CreateSecretAsync(project, "TOKEN", "bundle-test-value");
        var provisioned = await (await owner.Client.PostJsonAsync("/api/integrations/docker/containers",
            new { projectId = project, secretIds = new[] { secret } })).AssertOkAsync(HttpStatusCode.Created);
        return (provisioned.GetProperty("machineId").GetGuid(), provisioned.GetProperty("downloadUrl").GetString()!);
    }
}

/// <summary>Bundles that wait one second for their download, so one expires unused within a test.</summary>
public sealed class ShortDownloadWindowFixture : SystemFixture
{
    protected override IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>(base.Environment)
    {
        ["SikkerKey__BundleDownloadWindow"] = "00:00:01",
    };
}

public sealed class BundleExpiryAuditTests(ShortDownloadWindowFixture fixture) : IClassFixture<ShortDownloadWindowFixture>
{
    [Fact]
    public async Task A_bundle_nobody_downloaded_expires_as_a_system_fact_of_its_vault()
    {
        using var owner = await UserSession.SignUpAsync(fixture.System);
        var (machineId, downloadUrl) = await BundleAuditTests.ProvisionAsync(owner);

        var expired = await owner.EntryAsync($"&action=bundle_expired&machineId={machineId}", _ => true, "bundle_expired", TimeSpan.FromSeconds(90));
        Assert.Equal(("system", null, "info"), (expired.Text("actorKind"), expired.Text("actorId"), expired.Text("severity")));
        Assert.Contains("expired", await (await owner.Client.GetAsync(downloadUrl, Http.Ct)).AssertErrorAsync(HttpStatusCode.Gone), StringComparison.Ordinal);
        Assert.Single(await owner.EntriesAsync($"&action=bundle_expired&machineId={machineId}"));
        Assert.DoesNotContain("bundle-test-value", JsonSerializer.Serialize(await owner.EntriesAsync()), StringComparison.Ordinal);
    }
}
