using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SikkerKey.Api;
using SikkerKey.Testing;

namespace SikkerKey.Dashboard.Tests;

/// <summary>
/// Every management API answer the dashboard reads, from the running services, read strictly into the SikkerKey.Api
/// record the dashboard reads it with; and every request record the dashboard sends, accepted as sent.
/// </summary>
public sealed class ApiContractTests(DashboardFixture fixture)
{
    [Fact]
    public async Task Projects_secrets_versions_and_grants_answer_in_the_shared_records()
    {
        using var owner = await UserSession.SignUpAsync(fixture.System);
        var api = owner.Client;
        var project = await api.SendAsync<ProjectSummary>(HttpMethod.Post, "/api/projects", new NameRequest("Payments"), HttpStatusCode.Created);
        Assert.Equal("Billing", (await api.SendAsync<ProjectSummary>(HttpMethod.Patch, $"/api/projects/{project.Id}", new NameRequest("Billing"))).Name);
        Assert.Equal(project.Id, Assert.Single((await api.GetAsync<ProjectList>("/api/projects")).Projects).Id);
        Assert.Equal(owner.VaultId, (await api.GetAsync<ProjectDetail>($"/api/projects/{project.Id}")).VaultId);

        var plain = await api.SendAsync<SecretSummary>(HttpMethod.Post, $"/api/projects/{project.Id}/secrets",
            new SecretBody("DATABASE_URL", JsonSerializer.SerializeToElement("postgres://one"), null), HttpStatusCode.Created);
        var structured = await api.SendAsync<SecretSummary>(HttpMethod.Post, $"/api/projects/{project.Id}/secrets",
            new SecretBody("SMTP", null, JsonSerializer.SerializeToElement(new Dictionary<string, string> { ["user"] = "mail", ["password"] = "pw" })), HttpStatusCode.Created);
        var listed = await api.GetAsync<SecretList>($"/api/projects/{project.Id}/secrets");
        Assert.Equal(["password", "user"], listed.Secrets.Single(s => s.Id == structured.Id).FieldNames!.Order());
        Assert.Null(listed.Secrets.Single(s => s.Id == plain.Id).FieldNames);
        Assert.Equal("postgres://one", (await api.GetAsync<SecretDetail>($"/api/secrets/{plain.Id}")).Value);
        Assert.Equal("mail", (await api.GetAsync<SecretDetail>($"/api/secrets/{structured.Id}")).Fields!["user"]);

        Assert.Equal(2, (await api.SendAsync<SecretSummary>(HttpMethod.Put, $"/api/secrets/{plain.Id}",
            new SecretBody(null, JsonSerializer.SerializeToElement("postgres://two"), null))).Version);
        Assert.Equal([2, 1], (await api.GetAsync<SecretVersionList>($"/api/secrets/{plain.Id}/versions")).Versions.Select(v => v.Version));
        Assert.Equal(3, (await api.SendAsync<SecretSummary>(HttpMethod.Post, $"/api/secrets/{plain.Id}/rollback", new RollbackRequest(1))).Version);

        var machine = await api.SendAsync<Provisioned>(HttpMethod.Post, "/api/integrations/docker/containers",
            new ProvisionRequest("payments-api", project.Id, [plain.Id]), HttpStatusCode.Created);
        Assert.Equal([machine.MachineId], (await api.GetAsync<GrantList>($"/api/secrets/{plain.Id}/grants")).MachineIds);

        (await api.DeleteAsync($"/api/secrets/{structured.Id}", TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        Assert.NotNull(Assert.Single((await api.GetAsync<SecretList>($"/api/projects/{project.Id}/secrets?trash=true")).Secrets).DeletedAt);
        Assert.NotEmpty((await ApiContract.ReadAsync<ApiError>(
            await api.GetAsync("/api/projects/prj_missing", TestContext.Current.CancellationToken), HttpStatusCode.NotFound)).Error);
    }

    [Fact]
    public async Task Machines_team_account_audit_and_tls_answer_in_the_shared_records()
    {
        using var owner = await UserSession.SignUpAsync(fixture.System);
        var api = owner.Client;
        var project = await api.SendAsync<ProjectSummary>(HttpMethod.Post, "/api/projects", new NameRequest("Ops"), HttpStatusCode.Created);
        var secret = await api.SendAsync<SecretSummary>(HttpMethod.Post, $"/api/projects/{project.Id}/secrets",
            new SecretBody("TOKEN", JsonSerializer.SerializeToElement("t"), null), HttpStatusCode.Created);
        var provisioned = await api.SendAsync<Provisioned>(HttpMethod.Post, "/api/integrations/docker/containers",
            new ProvisionRequest("ops-1", project.Id, [secret.Id]), HttpStatusCode.Created);

        Assert.Equal(provisioned.MachineId, Assert.Single((await api.GetAsync<MachineList>("/api/machines")).Machines).Id);
        Assert.Equal([project.Id], (await api.GetAsync<MachineView>($"/api/machines/{provisioned.MachineId}")).ProjectIds);
        Assert.Equal("ops-2", (await api.SendAsync<MachineView>(HttpMethod.Patch, $"/api/machines/{provisioned.MachineId}", new NameRequest("ops-2"))).Name);

        var email = $"member-{Guid.NewGuid():N}@example.test";
        var added = await api.SendAsync<AddedMember>(HttpMethod.Post, "/api/team/members",
            new AddMemberRequest(email, UserSession.DefaultPassword, "member"), HttpStatusCode.Created);
        var set = await api.SendAsync<PermissionsSet>(HttpMethod.Put, $"/api/projects/{project.Id}/members/{added.UserId}", new PermissionsRequest(["ReadSecrets"]));
        Assert.Equal(["ReadSecrets"], set.Permissions);
        var member = (await api.GetAsync<MemberList>("/api/team/members")).Members.Single(m => m.UserId == added.UserId);
        Assert.Equal(["ReadSecrets"], member.Permissions[project.Id]);

        using var anonymous = fixture.System.CreateClient();
        using var login = await anonymous.PostAsJsonAsync("/api/auth/login", new LoginRequest(email, UserSession.DefaultPassword), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Equal(owner.Email, (await api.GetAsync<CurrentUser>("/api/me")).Email);

        await Eventually.MatchAsync(() => api.GetAsync<AuditPage>($"/api/audit?machineId={provisioned.MachineId}"),
            p => p.Entries.Any(e => e.Action == "machine_renamed"), TimeSpan.FromSeconds(60), "the machine's audit entries");
        Assert.True((await api.GetAsync<AuditVerification>("/api/audit/verify")).Valid);
        Assert.False((await api.GetAsync<TlsStatus>("/api/tls")).Https);
    }
}
