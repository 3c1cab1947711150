using Microsoft.Extensions.Configuration;
using SikkerKey.Sdk.Tests.Support;
using static SikkerKey.Sdk.Tests.Support.Reply;

namespace SikkerKey.Sdk.Tests;

public class ConfigurationTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    private static object Secret(string id, string name, string value, string? fieldNames = null) => new { id, name, value, fieldNames };

    private static object Database(string url) => Secret("sk_1", "ConnectionStrings__Default", url);

    private static readonly object Stripe = Secret("sk_2", "stripe", """{"publishable-key":"pk_1"}""", """["publishable-key"]""");

    /// <summary>Export answers with each list of secrets in turn; poll answers with each changes object in turn.</summary>
    private static void Serve(SignedApiServer server, object[][] exports, params object[] polls)
    {
        int exported = 0, polled = 0;
        server.Handler = (request, _) => Task.FromResult(request.RawPath == "/v1/secrets/export"
            ? Ok(new { secrets = exports[Math.Min(exported++, exports.Length - 1)] })
            : Ok(new { changes = polls.Length == 0 ? new { } : polls[Math.Min(polled++, polls.Length - 1)] }));
    }

    [Fact]
    public async Task Secrets_become_configuration_keys()
    {
        await using var f = await ClientFixture.StartAsync();
        Serve(f.Server, [[Database("Host=db"), Stripe]]);

        using var config = (ConfigurationRoot)new ConfigurationBuilder().AddSikkerKey(o => o.Client = f.Options).Build();

        Assert.Equal("Host=db", config.GetConnectionString("Default"));
        Assert.Equal("pk_1", config["stripe:publishable-key"]);
    }

    [Fact]
    public async Task A_prefix_and_a_project_narrow_what_is_loaded()
    {
        await using var f = await ClientFixture.StartAsync();
        Serve(f.Server, [[Stripe]]);

        using var config = (ConfigurationRoot)new ConfigurationBuilder()
            .AddSikkerKey(o => (o.Client, o.KeyPrefix, o.ProjectId, o.ReloadInterval) = (f.Options, "SikkerKey", "proj_a1b2c3d4e5", null))
            .Build();

        Assert.Equal("pk_1", config["SikkerKey:stripe:publishable-key"]);
        Assert.Equal("""{"projectId":"proj_a1b2c3d4e5"}""", Assert.Single(f.Server.Received).BodyText);
    }

    [Fact]
    public async Task Reloads_when_the_poll_reports_a_change()
    {
        var time = new SteppedTime();
        await using var f = await ClientFixture.StartAsync(o => o.TimeProvider = time, time);
        Serve(f.Server, [[Database("Host=old"), Stripe], [Database("Host=new")]], new { }, new { sk_1 = new { status = "changed" } });
        using var config = (ConfigurationRoot)new ConfigurationBuilder()
            .AddSikkerKey(o => (o.Client, o.ReloadInterval) = (f.Options, Interval)).Build();
        var reloaded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        config.GetReloadToken().RegisterChangeCallback(_ => reloaded.TrySetResult(), null);

        await time.StepAsync(Interval);
        await reloaded.Task.WaitAsync(TestContext.Current.CancellationToken);

        Assert.Equal("Host=new", config.GetConnectionString("Default"));
        Assert.Null(config["stripe:publishable-key"]);
    }

    [Fact]
    public void An_unreachable_server_fails_the_start_unless_optional()
    {
        using var identity = IdentityFolder.Create($"http://127.0.0.1:{Ports.Closed()}");
        SikkerKeyOptions Client() => new() { Identity = identity.IdentityFile, RetryDelays = [] };

        Assert.Throws<ConnectionException>(() => new ConfigurationBuilder().AddSikkerKey(o => o.Client = Client()).Build());
        using var config = (ConfigurationRoot)new ConfigurationBuilder().AddSikkerKey(o => (o.Client, o.Optional) = (Client(), true)).Build();
        Assert.Empty(config.AsEnumerable());
    }
}
