using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SikkerKey.Testing;
using static SikkerKey.Sdk.Tests.RealSystem.Step;

namespace SikkerKey.Sdk.Tests.RealSystem;

/// <summary>
/// Each SDK against the real system (gateway + services as processes): a container is provisioned through the API,
/// its bundle unzipped, and the SDK finds it through SIKKERKEY_IDENTITY. The bundle says
/// <c>privateKeyPath: /etc/sikkerkey/private.pem</c>, which is not there on a test machine, so every read here also
/// proves the fallback to private.pem beside identity.json.
/// </summary>
public sealed class RealSystemTests(SystemFixture fixture, SdkSuite sdks) : IClassFixture<SystemFixture>, IClassFixture<SdkSuite>
{
    public static TheoryData<string> Sdks => SdkSuite.Names;

    [Theory]
    [MemberData(nameof(Sdks))]
    public async Task Reads_a_secret_a_field_the_lists_and_the_export_of_what_was_granted(string sdk)
    {
        using var vault = await VaultAsync();
        using var container = await ProvisionedContainer.ProvisionAsync(vault.Owner, vault.Project, vault.DatabaseUrl, vault.StripeKeys);

        var run = await RunAsync(sdk, container, Plan.Of(Get(vault.DatabaseUrl), GetField(vault.StripeKeys, "secret"),
            List(), ListByProject(vault.Project), Export()));

        Assert.Equal("postgres://app@db/prod", run.Text(0));
        Assert.Equal("sk_live_1", run.Text(1));
        string[] granted = [$"{vault.DatabaseUrl} database-url {vault.Project} -", $"{vault.StripeKeys} stripe-keys {vault.Project} publishable,secret"];
        Array.Sort(granted, StringComparer.Ordinal);
        Assert.Equal(granted, Listed(run.Value(2)));
        Assert.Equal(granted, Listed(run.Value(3)));
        Assert.Equal(new Dictionary<string, string>
        {
            ["DATABASE_URL"] = "postgres://app@db/prod",
            ["STRIPE_KEYS_PUBLISHABLE"] = "pk_live_1",
            ["STRIPE_KEYS_SECRET"] = "sk_live_1",
        }, run.Value(4).Deserialize<Dictionary<string, string>>());
    }

    [Theory]
    [MemberData(nameof(Sdks))]
    public async Task An_ungranted_secret_is_the_SDKs_access_denied_error(string sdk)
    {
        using var vault = await VaultAsync();
        using var container = await ProvisionedContainer.ProvisionAsync(vault.Owner, vault.Project, vault.DatabaseUrl);

        var run = await RunAsync(sdk, container, Plan.Of(Get(vault.RootPassword), Get(vault.DatabaseUrl)));

        Assert.Equal((sdks.All[sdk].AccessDenied, 403), (run.Error(0).Type, run.Error(0).Status));
        // The same client goes on reading what it was granted: the refusal is about that secret, not the machine.
        Assert.Equal("postgres://app@db/prod", run.Text(1));
    }

    [Theory]
    [MemberData(nameof(Sdks))]
    public async Task A_disabled_machine_gets_the_SDKs_authentication_error(string sdk)
    {
        using var vault = await VaultAsync();
        using var container = await ProvisionedContainer.ProvisionAsync(vault.Owner, vault.Project, vault.DatabaseUrl);
        Assert.Equal("postgres://app@db/prod", (await RunAsync(sdk, container, Plan.Of(Get(vault.DatabaseUrl)))).Text(0));

        await container.DisableAsync(vault.Owner);
        var run = await RunAsync(sdk, container, Plan.Of(Get(vault.DatabaseUrl)));

        Assert.Equal((sdks.All[sdk].Authentication, 401), (run.Error(0).Type, run.Error(0).Status));
    }

    [Theory]
    [MemberData(nameof(Sdks))]
    public async Task A_server_that_answers_503_twice_is_retried_with_a_fresh_nonce_each_time(string sdk)
    {
        using var vault = await VaultAsync();
        using var container = await ProvisionedContainer.ProvisionAsync(vault.Owner, vault.Project, vault.DatabaseUrl);
        await using var proxy = await UnavailableFirstProxy.StartAsync(fixture.System.Gateway.Url, refusals: 2);
        container.UseApiUrl(proxy.Url);

        var run = await RunAsync(sdk, container, Plan.Of(Get(vault.DatabaseUrl)));

        // The third attempt reached the gateway, which accepts a nonce once only: a repeated one would be a 401.
        Assert.Equal("postgres://app@db/prod", run.Text(0));
        Assert.Equal(3, proxy.Nonces.Count);
        Assert.Equal(3, proxy.Nonces.Distinct().Count());
        Assert.DoesNotContain("", proxy.Nonces);
    }

    [Theory]
    [MemberData(nameof(Sdks))]
    public async Task A_value_read_is_neither_written_to_disk_nor_printed(string sdk)
    {
        using var vault = await VaultAsync();
        string[] canaries = [$"canary-{Guid.NewGuid():N}", $"canary-{Guid.NewGuid():N}"];
        var plain = await CreateAsync(vault.Owner, $"/api/projects/{vault.Project}/secrets", new { name = "canary", value = canaries[0] });
        var structured = await CreateAsync(vault.Owner, $"/api/projects/{vault.Project}/secrets", new { name = "canary-fields", fields = new { token = canaries[1] } });
        using var container = await ProvisionedContainer.ProvisionAsync(vault.Owner, vault.Project, plain, structured);
        var bundleFiles = Directory.GetFiles(container.Folder).Order().ToList();
        using var sandbox = new TempFolder();

        // Quiet: the scenario reports digests, so any copy of a value in the output came from the SDK itself.
        // (The C# SDK runs in this process: no output of its own to search; the bundle folder and the logs still count.)
        var run = await RunAsync(sdk, container, Plan.Of(Get(plain), GetField(structured, "token")) with { Quiet = true }, sandbox.Path);

        Assert.Equal(canaries.Select(Sha256), [run.Value(0).GetProperty("sha256").GetString(), run.Value(1).GetProperty("sha256").GetString()]);
        Assert.Equal(bundleFiles, Directory.GetFiles(container.Folder).Order());
        var files = Directory.GetFiles(container.Folder).Concat(Directory.GetFiles(sandbox.Path, "*", SearchOption.AllDirectories)).ToList();
        var logs = fixture.System.Processes.SelectMany(p => p.Output).ToList();
        foreach (var canary in canaries)
        {
            Assert.DoesNotContain(canary, run.Output, StringComparison.Ordinal);
            Assert.DoesNotContain(files, file => File.ReadAllText(file).Contains(canary, StringComparison.Ordinal));
            // Nor did the system log it on the way (gateway and services' stdout and stderr).
            Assert.DoesNotContain(logs, line => line.Contains(canary, StringComparison.Ordinal));
        }
    }

    private async Task<SdkRun> RunAsync(string sdk, ProvisionedContainer container, Plan plan, string? sandbox = null)
    {
        using var own = sandbox is null ? new TempFolder() : null;
        return await sdks.All[sdk].RunAsync(container.IdentityFile, plan, sandbox ?? own!.Path, Http.Ct);
    }

    private sealed record Vault(UserSession Owner, string Project, string DatabaseUrl, string StripeKeys, string RootPassword) : IDisposable
    {
        public void Dispose() => Owner.Dispose();
    }

    /// <summary>A vault of the test's own: one project with a plain secret, a structured one and one no container gets.</summary>
    private async Task<Vault> VaultAsync()
    {
        var owner = await UserSession.SignUpAsync(fixture.System);
        var project = await CreateAsync(owner, "/api/projects", new { name = "web" });
        return new Vault(owner, project,
            await CreateAsync(owner, $"/api/projects/{project}/secrets", new { name = "database-url", value = "postgres://app@db/prod" }),
            await CreateAsync(owner, $"/api/projects/{project}/secrets", new { name = "stripe-keys", fields = new { publishable = "pk_live_1", secret = "sk_live_1" } }),
            await CreateAsync(owner, $"/api/projects/{project}/secrets", new { name = "root-password", value = "not for containers" }));
    }

    private static async Task<string> CreateAsync(UserSession user, string path, object body) =>
        (await (await user.Client.PostJsonAsync(path, body)).AssertOkAsync(HttpStatusCode.Created)).GetProperty("id").GetString()!;

    /// <summary>"id name projectId fields" per listed secret, sorted; field names as a list whichever way the SDK returns them.</summary>
    private static IEnumerable<string> Listed(JsonElement secrets) => secrets.EnumerateArray()
        .Select(s => $"{s.GetProperty("id").GetString()} {s.GetProperty("name").GetString()} {s.GetProperty("projectId").GetString()} {Fields(s.TryGetProperty("fieldNames", out var names) ? names : default)}")
        .Order(StringComparer.Ordinal);

    // The wire sends field names as a JSON array inside a string (Node, Python pass it on); the C# SDK parses it.
    private static string Fields(JsonElement names) => names.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => "-",
        JsonValueKind.String => Fields(JsonSerializer.Deserialize<JsonElement>(names.GetString()!)),
        _ => string.Join(',', names.EnumerateArray().Select(n => n.GetString()).Order(StringComparer.Ordinal)),
    };

    private static string Sha256(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));

    private sealed class TempFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("sikkerkey-sdk-run-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
