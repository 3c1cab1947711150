using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using SikkerKey.Testing;

namespace SikkerKey.Gateway.Tests.Authorization;

/// <summary>
/// Vault A (projects P1 and P2, secrets S1 and S2, machines M1 and M2, bundles B1 and B2, every kind of user) and
/// vault B (PB, SB, MB, BB, a member UB), all made through the gateway as users would.
/// </summary>
public sealed class World(SikkerKeySystem system) : IDisposable
{
    private readonly Dictionary<Actor, UserSession> users = [];
    private readonly Dictionary<string, string> ids = [];

    public TestMachine M1Key { get; private set; } = null!;

    public UserSession Owner => users[Actor.Owner];

    public UserSession OtherOwner => users[Actor.OtherVaultOwner];

    public UserSession? User(Actor actor) => users.GetValueOrDefault(actor);

    public string this[string name] => ids[name];

    public static async Task<World> CreateAsync(SikkerKeySystem system)
    {
        var world = new World(system);
        await world.BuildAsync();
        return world;
    }

    private async Task BuildAsync()
    {
        var owner = users[Actor.Owner] = await UserSession.SignUpAsync(system, "Matrix A");
        var other = users[Actor.OtherVaultOwner] = await UserSession.SignUpAsync(system, "Matrix B");
        users[Actor.Admin] = await owner.AddMemberAsync(system, "admin");
        users[Actor.Auditor] = await owner.AddMemberAsync(system, "auditor");
        foreach (var member in new[] { Actor.Reader, Actor.Manager, Actor.Provisioner, Actor.ProvisioningReader, Actor.Powerless, Actor.Removed })
            users[member] = await owner.AddMemberAsync(system);

        ids["P1"] = await CreateAsync(owner, "/api/projects", new { name = "p1" });
        ids["P2"] = await CreateAsync(owner, "/api/projects", new { name = "p2" });
        ids["PB"] = await CreateAsync(other, "/api/projects", new { name = "pb" });
        ids["S1"] = await CreateAsync(owner, $"/api/projects/{ids["P1"]}/secrets", new { name = "s1", value = "value-one" });
        ids["S2"] = await CreateAsync(owner, $"/api/projects/{ids["P2"]}/secrets", new { name = "s2", value = "value-two" });
        ids["SB"] = await CreateAsync(other, $"/api/projects/{ids["PB"]}/secrets", new { name = "sb", value = "value-b" });
        await PermitAsync(Actor.Reader, "ReadSecrets");
        await PermitAsync(Actor.Manager, "ManageSecrets");
        await PermitAsync(Actor.Provisioner, "ManageProvisionedMachines");
        await PermitAsync(Actor.ProvisioningReader, "ManageProvisionedMachines", "ReadSecrets");
        await PermitAsync(Actor.Removed, "ReadSecrets", "ManageSecrets", "ManageProvisionedMachines");

        M1Key = await TestMachine.RegisterAsync(system, users[Actor.ProvisioningReader], [ids["P1"]]);
        await M1Key.GrantAsync(system, users[Actor.ProvisioningReader], ids["P1"], ids["S1"]);
        ids["M1"] = M1Key.Id.ToString();
        ids["M2"] = await FreshMachineAsync(Variant.OtherProject);
        using (var mb = await TestMachine.RegisterAsync(system, other, [ids["PB"]]))
            ids["MB"] = mb.Id.ToString();
        ids["B1"] = await FreshBundleAsync(Variant.Own);
        ids["B2"] = await FreshBundleAsync(Variant.OtherProject);
        ids["BB"] = BundleId(await Provision(other, ids["PB"], ids["SB"]));
        ids["T"] = (await owner.AddMemberAsync(system)).UserId;
        ids["UB"] = (await other.AddMemberAsync(system)).UserId;

        (await users[Actor.Owner].Client.DeleteAsync($"/api/team/members/{users[Actor.Removed].UserId}", Http.Ct)).EnsureSuccessStatusCode();
        // The machine plane learns of M1 from the bus; the matrix starts once it can read.
        await Eventually.MatchAsync(async () =>
        {
            using var read = await system.CreateClient().SendAsync(M1Key.SignedRequest(HttpMethod.Get, $"/v1/secret/{ids["S1"]}"), Http.Ct);
            return read.StatusCode;
        }, status => status == HttpStatusCode.OK, TimeSpan.FromSeconds(60), "M1 reads S1");
    }

    private async Task PermitAsync(Actor member, params string[] permissions) =>
        await (await Owner.Client.PutJsonAsync($"/api/projects/{ids["P1"]}/members/{users[member].UserId}", new { permissions })).AssertOkAsync();

    public async Task<string> FreshProjectAsync() => await CreateAsync(Owner, "/api/projects", new { name = "fresh-" + Guid.NewGuid().ToString("N") });

    public async Task<string> FreshSecretAsync(Variant variant, bool trashed)
    {
        var project = ids[variant == Variant.OtherProject ? "P2" : "P1"];
        var secret = await CreateAsync(Owner, $"/api/projects/{project}/secrets", new { name = "fresh-" + Guid.NewGuid().ToString("N"), value = "fresh" });
        if (trashed)
            (await Owner.Client.DeleteAsync($"/api/secrets/{secret}", Http.Ct)).EnsureSuccessStatusCode();
        return secret;
    }

    /// <summary>Own: the Provisioning Reader's on P1 (like M1); other project: the owner's on P2 (like M2).</summary>
    public async Task<string> FreshMachineAsync(Variant variant)
    {
        var (user, project) = variant == Variant.OtherProject ? (Owner, ids["P2"]) : (users[Actor.ProvisioningReader], ids["P1"]);
        using var machine = await TestMachine.RegisterAsync(system, user, [project]);
        return machine.Id.ToString();
    }

    public async Task<string> FreshMemberAsync() => (await Owner.AddMemberAsync(system)).UserId;

    /// <summary>Own: provisioned by the Provisioning Reader on P1 (like B1); other project: by the owner on P2 (like B2).</summary>
    public async Task<string> FreshBundleAsync(Variant variant) => BundleId(variant == Variant.OtherProject
        ? await Provision(Owner, ids["P2"], ids["S2"])
        : await Provision(users[Actor.ProvisioningReader], ids["P1"], ids["S1"]));

    private static string BundleId(JsonElement provisioned) =>
        provisioned.GetProperty("downloadUrl").GetString()!.Split('/')[^2];

    private static async Task<JsonElement> Provision(UserSession user, string project, string secret) =>
        await (await user.Client.PostJsonAsync("/api/integrations/docker/containers", new { projectId = project, secretIds = new[] { secret } }))
            .AssertOkAsync(HttpStatusCode.Created);

    private static async Task<string> CreateAsync(UserSession user, string path, object body) =>
        (await (await user.Client.PostJsonAsync(path, body)).AssertOkAsync(HttpStatusCode.Created)).GetProperty("id").GetString()!;

    /// <summary>Everything a refused request could have changed, read back as both owners see it (times of last use left out).</summary>
    public async Task<string> SnapshotAsync()
    {
        // Side by side: the reads only look, and the matrix takes over a thousand snapshots one after another.
        var reads = new[] { "/api/projects", $"/api/projects/{ids["P1"]}/secrets", $"/api/projects/{ids["P2"]}/secrets", "/api/machines",
                "/api/team/members", $"/api/secrets/{ids["S1"]}/grants", $"/api/secrets/{ids["S2"]}/grants", $"/api/secrets/{ids["S1"]}/versions" }
            .Select(path => ReadAsync(Owner, path))
            .Concat(new[] { "/api/projects", "/api/machines", $"/api/secrets/{ids["SB"]}/grants" }.Select(path => ReadAsync(OtherOwner, path)));
        return string.Join('\n', await Task.WhenAll(reads));
    }

    private static async Task<string> ReadAsync(UserSession user, string path)
    {
        var node = JsonNode.Parse((await (await user.Client.GetAsync(path, Http.Ct)).AssertOkAsync()).GetRawText())!;
        Strip(node);
        return node.ToJsonString();
    }

    private static void Strip(JsonNode? node)
    {
        if (node is JsonObject o)
        {
            o.Remove("lastSeenAt");
            // A bundle nobody downloaded expires when its window runs out (15 minutes), which a slow matrix outlives:
            // its machine turning expired is the clock's doing, never a request's.
            if (o["status"]?.GetValue<string>() == "expired")
                o["status"] = "approved";
            foreach (var (_, child) in o.ToList())
                Strip(child);
        }
        else if (node is JsonArray a)
            foreach (var child in a)
                Strip(child);
    }

    public void Dispose()
    {
        foreach (var user in users.Values)
            user.Dispose();
        M1Key?.Dispose();
    }
}
