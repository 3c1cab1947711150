using System.Net;
using System.Text.Json;
using SikkerKey.Cli.Running;
using SikkerKey.Cli.Tests.Support;
using SikkerKey.Testing;
using Eventually = SikkerKey.Cli.Tests.Support.Eventually;

namespace SikkerKey.Cli.Tests;

/// <summary>
/// The npm package against the real system, as the seed's Dockerfile uses it: the tarball installed with
/// <c>npm install -g</c>, a container provisioned and its bundle downloaded through the gateway, then
/// <c>sikkerkey run --all -- node …</c> with SIKKERKEY_IDENTITY naming the bundle's identity.json.
/// </summary>
[Collection(InstalledCliCollection.Name)]
public sealed class InstalledCliRunTests(SystemFixture fixture, InstalledCli cli)
{
    // Generous: every step crosses the gateway, a service and PostgreSQL on a shared 2-core machine.
    private static readonly TimeSpan SystemWait = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task The_package_is_the_native_binary_with_its_libsodium()
    {
        var files = Directory.GetFiles(cli.PackageFolder, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(cli.PackageFolder, f)).Order();
        var version = JsonDocument.Parse(File.ReadAllText(Path.Combine(cli.PackageFolder, "package.json"))).RootElement.GetProperty("version").GetString();

        var printed = await OwnProcess.RunAsync(new Dictionary<string, string?>(), cli.Executable, "version");

        // No SikkerKey.Cli.dll: nothing in the package needs a .NET runtime.
        Assert.Equal(["README.md", "bin/libsodium.so", "bin/sikkerkey", "package.json"], files);
        Assert.StartsWith($"sikkerkey {version} ", printed.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_all_gives_the_command_the_granted_secrets_and_exits_with_its_code()
    {
        using var owner = await UserSession.SignUpAsync(fixture.System);
        var project = await owner.CreateProjectAsync("web");
        var database = await owner.CreateSecretAsync(project, "database-url", "postgres://app@db/prod");
        var stripe = await owner.CreateStructuredSecretAsync(project, "stripe-keys", new() { ["publishable-key"] = "pk_live_1", ["secret_key"] = "sk_live_1" });
        await owner.CreateSecretAsync(project, "root password", "not for containers");
        using var container = await ProvisionedContainer.ProvisionAsync(owner, project, database, stripe);

        var run = await cli.RunAsync(container, ["run", "--all", "--", .. ChildEnvironment.NodePrinting(exitCode: 7)]);

        Assert.True(run.ExitCode == 7, run.ToString());
        Assert.Equal(new Dictionary<string, string>
        {
            ["DATABASE_URL"] = "postgres://app@db/prod",
            ["STRIPE_KEYS_PUBLISHABLE_KEY"] = "pk_live_1",
            ["STRIPE_KEYS_SECRET_KEY"] = "sk_live_1",
        }, ChildEnvironment.Added(run.Out, container.Environment));
        Assert.Equal("", run.Error);
    }

    [Fact]
    public async Task Project_secret_and_prefix_choose_the_variables()
    {
        using var owner = await UserSession.SignUpAsync(fixture.System);
        var web = await owner.CreateProjectAsync("web");
        var billing = await owner.CreateProjectAsync("billing");
        var database = await owner.CreateSecretAsync(web, "database-url", "postgres://db");
        var token = await owner.CreateSecretAsync(billing, "api token", "tok_1");
        using var container = await ProvisionedContainer.ProvisionAsync(owner, web, database);
        // A grant outside the provisioned project, by hand as an admin would give it. The secrets service learns of
        // the machine from the bus, so right after provisioning it may still answer 404 for it.
        await SikkerKey.Testing.Eventually.MatchAsync(async () =>
        {
            using var granted = await owner.Client.PutAsync($"/api/secrets/{token}/grants/{container.MachineId}", null, Http.Ct);
            return granted.StatusCode;
        }, status => status == HttpStatusCode.NoContent, TimeSpan.FromSeconds(60), "the admin grant to the provisioned machine");

        var defaultProject = await cli.RunAsync(container, ["run", "--all", "--", .. ChildEnvironment.NodePrinting()]);
        var otherProject = await cli.RunAsync(container, ["run", "--all", "--project", billing, "--prefix", "APP_", "--", .. ChildEnvironment.NodePrinting()]);
        var byId = await cli.RunAsync(container, ["run", "--secret", token, "--secret", database, "--", .. ChildEnvironment.NodePrinting()]);

        // cli.json's projectId is the default project of --all.
        Assert.Equal(new Dictionary<string, string> { ["DATABASE_URL"] = "postgres://db" }, ChildEnvironment.Added(defaultProject.Out, container.Environment));
        Assert.Equal(new Dictionary<string, string> { ["APP_API_TOKEN"] = "tok_1" }, ChildEnvironment.Added(otherProject.Out, container.Environment));
        Assert.Equal(new Dictionary<string, string> { [token.ToUpperInvariant()] = "tok_1", [database.ToUpperInvariant()] = "postgres://db" },
            ChildEnvironment.Added(byId.Out, container.Environment));
        Assert.All([defaultProject, otherProject, byId], run => Assert.True(run.ExitCode == 0, run.ToString()));
    }

    [Fact]
    public async Task Sigterm_to_the_cli_reaches_the_command_and_its_exit_code_comes_back()
    {
        using var owner = await UserSession.SignUpAsync(fixture.System);
        var project = await owner.CreateProjectAsync("web");
        var database = await owner.CreateSecretAsync(project, "database-url", "postgres://db");
        using var container = await ProvisionedContainer.ProvisionAsync(owner, project, database);
        var (ready, got) = (container.File("ready"), container.File("got"));
        var app = $$"""
            const fs = require('fs');
            process.on('SIGTERM', () => { fs.writeFileSync({{Js(got)}}, 'TERM'); process.exit(42) });
            fs.writeFileSync({{Js(ready)}}, process.env.DATABASE_URL);
            setInterval(() => {}, 1000);
            """;
        using var process = cli.Start(container, "run", "--all", "--", "node", "-e", app);

        try
        {
            await Eventually.TrueAsync(() => File.Exists(ready) && File.ReadAllText(ready) == "postgres://db", "the command started with its secret", limit: SystemWait);
            // As docker stop signals the container's PID 1, the CLI.
            Posix.Send(process.Id, Posix.SIGTERM);
        }
        finally
        {
            await OwnProcess.WaitOrKillAsync(process, SystemWait);
        }

        Assert.Equal(42, process.ExitCode);
        Assert.Equal("TERM", File.ReadAllText(got));
    }

    [Fact]
    public async Task Watch_restarts_the_command_on_a_new_value_and_stops_it_when_the_machine_is_disabled()
    {
        using var owner = await UserSession.SignUpAsync(fixture.System);
        var project = await owner.CreateProjectAsync("web");
        var database = await owner.CreateSecretAsync(project, "database-url", "v1");
        using var container = await ProvisionedContainer.ProvisionAsync(owner, project, database);
        var starts = container.File("starts");
        var app = $$"""
            require('fs').appendFileSync({{Js(starts)}}, process.env.DATABASE_URL + ' ' + process.pid + '\n');
            setInterval(() => {}, 1000);
            """;
        // --interval 1: the shortest check interval the CLI accepts, so the test waits seconds, not the default 10 s per check.
        using var process = cli.Start(container, "run", "--all", "--watch", "--interval", "1", "--", "node", "-e", app);
        var error = process.StandardError.ReadToEndAsync(Http.Ct);

        try
        {
            await Eventually.TrueAsync(() => Starts() is [("v1", _)], "the first start, with v1", limit: SystemWait);
            await (await owner.Client.PutJsonAsync($"/api/secrets/{database}", new { value = "v2" })).AssertOkAsync();
            await Eventually.TrueAsync(() => Starts() is [("v1", _), ("v2", _)], "a restart with v2", limit: SystemWait);
            await (await owner.Client.PostAsync($"/api/machines/{container.MachineId}/disable", null, Http.Ct)).AssertOkAsync(HttpStatusCode.NoContent);
        }
        finally
        {
            await OwnProcess.WaitOrKillAsync(process, SystemWait);
        }

        Assert.Equal(1, process.ExitCode);
        Assert.All(Starts(), start => Assert.False(Directory.Exists($"/proc/{start.Pid}"), $"command {start.Pid} was stopped"));
        var said = await error;
        Assert.Contains("sikkerkey: secrets changed (DATABASE_URL); restarting the command", said, StringComparison.Ordinal);
        Assert.Contains("sikkerkey: SikkerKey refused this machine: machine is disabled (HTTP 401", said, StringComparison.Ordinal);
        Assert.Contains("stopping the command", said, StringComparison.Ordinal);
        Assert.DoesNotContain("v2", said, StringComparison.Ordinal);

        (string Value, int Pid)[] Starts() =>
            [.. Eventually.Lines(starts).Select(line => line.Split(' ')).Where(parts => parts.Length == 2 && int.TryParse(parts[1], out _))
                .Select(parts => (parts[0], int.Parse(parts[1])))];
    }

    /// <summary>A JavaScript string literal.</summary>
    private static string Js(string text) => JsonSerializer.Serialize(text);
}
