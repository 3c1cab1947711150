using System.Net;
using SikkerKey.Testing;

namespace SikkerKey.Provisioning.Tests;

/// <summary>Every refused provisioning leaves nothing behind; refused downloads do not spend the link.</summary>
public sealed class ProvisioningRefusalTests(SystemFixture fixture)
{
    [Fact]
    public async Task Bad_requests_are_refused_and_create_no_machine()
    {
        using var owner = await UserSession.SignUpAsync(fixture.System);
        using var other = await UserSession.SignUpAsync(fixture.System);
        var project = await DockerProvisioningTests.CreateAsync(owner, "/api/projects", new { name = "web" });
        var secret = await DockerProvisioningTests.CreateAsync(owner, $"/api/projects/{project}/secrets", new { name = "token", value = "t" });
        var elsewhere = await DockerProvisioningTests.CreateAsync(owner, "/api/projects", new { name = "other" });
        var stranger = await DockerProvisioningTests.CreateAsync(owner, $"/api/projects/{elsewhere}/secrets", new { name = "token", value = "t" });
        var foreign = await DockerProvisioningTests.CreateAsync(other, "/api/projects", new { name = "web" });
        await Provision(owner, new { machineName = "taken", projectId = project, secretIds = new[] { secret } }, HttpStatusCode.Created);

        await Provision(owner, new { projectId = "proj_nosuchproj", secretIds = new[] { secret } }, HttpStatusCode.NotFound);
        await Provision(owner, new { projectId = foreign, allSecrets = true }, HttpStatusCode.NotFound);
        await Provision(owner, new { projectId = project, secretIds = new[] { stranger } }, HttpStatusCode.BadRequest);
        await Provision(owner, new { projectId = project, secretIds = Array.Empty<string>() }, HttpStatusCode.BadRequest);
        await Provision(owner, new { secretIds = new[] { secret } }, HttpStatusCode.BadRequest);
        await Provision(owner, new { machineName = new string('m', 65), projectId = project, secretIds = new[] { secret } }, HttpStatusCode.BadRequest);
        await Provision(owner, new { machineName = "bad name!", projectId = project, secretIds = new[] { secret } }, HttpStatusCode.BadRequest);
        await Provision(owner, new { machineName = "TAKEN", projectId = project, secretIds = new[] { secret } }, HttpStatusCode.Conflict);

        var machines = (await (await owner.Client.GetAsync("/api/machines", Http.Ct)).AssertOkAsync()).GetProperty("machines");
        Assert.Equal(["taken"], machines.EnumerateArray().Select(m => m.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task Members_provision_only_with_the_permission_and_download_only_their_own()
    {
        using var owner = await UserSession.SignUpAsync(fixture.System);
        using var member = await owner.AddMemberAsync(fixture.System);
        using var colleague = await owner.AddMemberAsync(fixture.System);
        using var stranger = await UserSession.SignUpAsync(fixture.System);
        var project = await DockerProvisioningTests.CreateAsync(owner, "/api/projects", new { name = "web" });
        await DockerProvisioningTests.CreateAsync(owner, $"/api/projects/{project}/secrets", new { name = "token", value = "t" });
        await owner.Client.PutJsonAsync($"/api/projects/{project}/members/{colleague.UserId}", new { permissions = new[] { "ManageProvisionedMachines" } });

        await Provision(member, new { projectId = project, allSecrets = true }, HttpStatusCode.Forbidden);
        // A grant never exceeds its granter: Manage Provisioned Machines alone cannot hand a machine secrets the member cannot read.
        await owner.Client.PutJsonAsync($"/api/projects/{project}/members/{member.UserId}", new { permissions = new[] { "ManageProvisionedMachines" } });
        await Provision(member, new { projectId = project, allSecrets = true }, HttpStatusCode.Forbidden);
        await owner.Client.PutJsonAsync($"/api/projects/{project}/members/{member.UserId}", new { permissions = new[] { "ManageProvisionedMachines", "ReadSecrets" } });
        var url = (await Provision(member, new { projectId = project, allSecrets = true }, HttpStatusCode.Created)).GetProperty("downloadUrl").GetString()!;

        await (await colleague.Client.GetAsync(url, Http.Ct)).AssertErrorAsync(HttpStatusCode.Forbidden);
        await (await stranger.Client.GetAsync(url, Http.Ct)).AssertErrorAsync(HttpStatusCode.NotFound);
        // Permissions are checked when used: without them the unused bundle is refused, and not consumed.
        await owner.Client.PutJsonAsync($"/api/projects/{project}/members/{member.UserId}", new { permissions = new[] { "ReadSecrets" } });
        await (await member.Client.GetAsync(url, Http.Ct)).AssertErrorAsync(HttpStatusCode.Forbidden);
        await owner.Client.PutJsonAsync($"/api/projects/{project}/members/{member.UserId}", new { permissions = new[] { "ManageProvisionedMachines", "ReadSecrets" } });
        using var download = await member.Client.GetAsync(url, Http.Ct);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(1, (await (await member.Client.GetAsync("/api/machines", Http.Ct)).AssertOkAsync()).GetProperty("machines").GetArrayLength());
    }

    private static async Task<System.Text.Json.JsonElement> Provision(UserSession user, object body, HttpStatusCode expected)
    {
        var response = await user.Client.PostJsonAsync("/api/integrations/docker/containers", body);
        if (expected == HttpStatusCode.Created)
            return await response.AssertOkAsync(expected);
        await response.AssertErrorAsync(expected);
        return default;
    }
}
