using System.Net;
using SikkerKey.Cli.Tests.Support;
using SikkerKey.Testing;

namespace SikkerKey.Cli.Tests;

/// <summary>
/// The installed CLI's offline cache against the real system: it carries a container through a gateway outage, and
/// never outlives SikkerKey's own answer (a disabled machine, a deleted secret).
/// </summary>
[Collection(InstalledCliCollection.Name)]
public sealed class InstalledCliCacheTests(SystemFixture fixture, InstalledCli cli)
{
    [Fact]
    public async Task Run_goes_on_from_the_cache_while_the_gateway_is_down_but_a_disabled_machine_gets_nothing()
    {
        using var owner = await UserSession.SignUpAsync(fixture.System);
        var project = await owner.CreateProjectAsync("web");
        await owner.CreateSecretAsync(project, "database-url", "postgres://app@db/prod");
        await owner.CreateStructuredSecretAsync(project, "stripe-keys", new() { ["secret_key"] = "sk_live_1" });
        using var container = await ProvisionedContainer.ProvisionAsync(owner, project);
        var expected = new Dictionary<string, string> { ["DATABASE_URL"] = "postgres://app@db/prod", ["STRIPE_KEYS_SECRET_KEY"] = "sk_live_1" };

        var enable = await cli.RunAsync(container, "cache", "enable");
        var online = await cli.RunAsync(container, ["run", "--all", "--", .. ChildEnvironment.NodePrinting()]);
        CliResult offline;
        await fixture.System.Gateway.StopAsync();
        try
        {
            offline = await cli.RunAsync(container, ["run", "--all", "--", .. ChildEnvironment.NodePrinting()]);
        }
        finally
        {
            await fixture.System.RestartAsync(fixture.System.Gateway, new Dictionary<string, string>());
        }
        using var disable = await owner.Client.PostAsync($"/api/machines/{container.MachineId}/disable", null, Http.Ct);
        await disable.AssertOkAsync(HttpStatusCode.NoContent);
        var marker = container.File("ran");
        var disabled = await cli.RunAsync(container, "run", "--all", "--", "node", "-e", $"require('fs').writeFileSync('{marker}', '')");

        Assert.True(enable.ExitCode == 0 && online.ExitCode == 0, $"{enable}\n{online}");
        Assert.Equal(expected, ChildEnvironment.Added(online.Out, container.Environment));
        Assert.Equal("", online.Error);
        Assert.True(offline.ExitCode == 0, offline.ToString());
        Assert.Equal(expected, ChildEnvironment.Added(offline.Out, container.Environment));
        Assert.Matches("^sikkerkey: SikkerKey is unreachable: 2 secrets served from the offline cache \\(cached (just now|\\dm ago)\\)\n$", offline.Error);
        Assert.Equal(1, disabled.ExitCode);
        var line = Assert.Single(disabled.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("sikkerkey: SikkerKey refused this machine: machine is disabled (HTTP 401", line, StringComparison.Ordinal);
        Assert.False(File.Exists(marker), "a disabled machine ran its command from the cache");
    }

    [Fact]
    public async Task A_deleted_secret_answers_404_and_is_not_served_from_the_cache()
    {
        using var owner = await UserSession.SignUpAsync(fixture.System);
        var project = await owner.CreateProjectAsync("web");
        var secret = await owner.CreateSecretAsync(project, "database-url", "postgres://app@db/prod");
        using var container = await ProvisionedContainer.ProvisionAsync(owner, project);
        var environment = new Dictionary<string, string?>(container.Environment) { ["SIKKERKEY_CACHE"] = "1" };

        var before = await OwnProcess.RunAsync(environment, cli.Executable, "get", secret);
        using var deleted = await owner.Client.DeleteAsync($"/api/secrets/{secret}", Http.Ct);
        var after = await OwnProcess.RunAsync(environment, cli.Executable, "get", secret);

        Assert.Equal((0, "postgres://app@db/prod"), (before.ExitCode, before.Out));
        Assert.True(deleted.IsSuccessStatusCode, $"{(int)deleted.StatusCode}");
        Assert.Equal((1, ""), (after.ExitCode, after.Out));
        Assert.Equal("sikkerkey: secret not found (HTTP 404)\n", after.Error);
    }
}
