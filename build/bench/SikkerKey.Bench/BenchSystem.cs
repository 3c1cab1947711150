using System.Net.Http.Json;
using Microsoft.Extensions.Options;
using SikkerKey.ServiceDefaults.Auth;
using SikkerKey.Testing;

namespace SikkerKey.Bench;

/// <summary>
/// The whole system as real processes (as the end-to-end tests run it) on a database and virtual host of the
/// bench's own, with one vault: an owner, a project holding one secret, and a machine granted that secret.
/// </summary>
internal sealed class BenchSystem : IAsyncDisposable
{
    private readonly IsolatedInfrastructure infrastructure;

    private BenchSystem(IsolatedInfrastructure infrastructure, SikkerKeySystem system, UserSession owner, string projectId, string secretId, TestMachine machine)
    {
        this.infrastructure = infrastructure;
        System = system;
        Owner = owner;
        ProjectId = projectId;
        SecretId = secretId;
        Machine = machine;
        Principals = new PrincipalHeader(Options.Create(new InternalKeyOptions { InternalKey = system.InternalKey }), TimeProvider.System);
    }

    public SikkerKeySystem System { get; }

    public UserSession Owner { get; }

    public string ProjectId { get; }

    public string SecretId { get; }

    public TestMachine Machine { get; }

    /// <summary>Signs principals as the gateway does, for calls straight to a service.</summary>
    public PrincipalHeader Principals { get; }

    /// <summary>The database every process of this system uses (PostgreSQL shows it in each backend's process title).</summary>
    public string DatabaseName => infrastructure.Name;

    /// <summary>A connection to that database as the services' own role, for benches that set up data in bulk.</summary>
    public Task<Npgsql.NpgsqlConnection> OpenDatabaseAsync() => infrastructure.OpenAsync();

    /// <summary>The port of the bench's PostgreSQL cluster, to tell its processes from other clusters on the machine.</summary>
    public static int PostgresPort() =>
        new Npgsql.NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable("SIKKERKEY_TEST_POSTGRES")).Port;

    /// <summary>PostgreSQL's CPU by backend, sampled from the cluster these services use, with their own connection settings.</summary>
    public Load.PostgresBackends PostgresBackends() =>
        new(PostgresPort(), System.Processes.First().Environment["ConnectionStrings__Postgres"]);

    public Uri Url(string process) => process == "gateway" ? System.Gateway.Url : System.Replicas(process)[0].Url;

    /// <param name="environment">Extra configuration for every process (e.g. a larger machine quota).</param>
    public static async Task<BenchSystem> StartAsync(string bench, IReadOnlyDictionary<string, string>? environment = null)
    {
        Console.Error.WriteLine($"{bench}: starting the gateway and the four services…");
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("SIKKERKEY_TEST_POSTGRES")))
            throw new InvalidOperationException("SIKKERKEY_TEST_POSTGRES is not set: run the bench through its build/bench script, which starts the servers");

        var infrastructure = new IsolatedInfrastructure();
        await infrastructure.InitializeAsync();
        SikkerKeySystem? system = null;
        try
        {
            system = await SikkerKeySystem.StartAsync(infrastructure, environment: AsBuildRunConfigures(infrastructure, environment));
            var owner = await UserSession.SignUpAsync(system, "Bench");
            var projectId = await CreateAsync(owner, "/api/projects", new { name = "bench" });
            var secretId = await CreateAsync(owner, $"/api/projects/{projectId}/secrets", new { name = "DATABASE_URL", value = "postgres://bench:bench@db/bench" });
            var machine = await TestMachine.RegisterAsync(system, owner, [projectId], "bench-machine");
            await machine.GrantAsync(system, owner, projectId, secretId);
            return new BenchSystem(infrastructure, system, owner, projectId, secretId, machine);
        }
        catch
        {
            if (system is not null)
                await system.DisposeAsync();
            await infrastructure.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Each service's connection pool capped as <c>build/run</c> caps it (<c>SIKKERKEY_PG_POOL_SIZE</c>, 20), not at
    /// Npgsql's default of 100: with 100 each, one overloaded service took every connection the cluster allows (100),
    /// the others were refused, and a hundred backends thrashed two cores; the bench measured a collapse production's
    /// configuration does not have.
    /// </summary>
    private static Dictionary<string, string> AsBuildRunConfigures(IsolatedInfrastructure infrastructure, IReadOnlyDictionary<string, string>? environment)
    {
        var configured = new Dictionary<string, string>
        {
            // SIKKERKEY_BENCH_PG_SETTINGS (e.g. "Max Auto Prepare=0") changes the services' connection settings, to
            // compare them in otherwise equal runs.
            ["ConnectionStrings__Postgres"] = new Npgsql.NpgsqlConnectionStringBuilder(
                infrastructure.Postgres + ";" + Environment.GetEnvironmentVariable("SIKKERKEY_BENCH_PG_SETTINGS")) { MaxPoolSize = PoolSize }.ConnectionString,
        };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
            configured[key] = value;
        return configured;
    }

    private const int PoolSize = 20;

    /// <summary>Creates something through the management API and returns its id.</summary>
    public static async Task<string> CreateAsync(UserSession user, string path, object body)
    {
        using var response = await user.Client.PostAsJsonAsync(path, body);
        return (await UserSession.ReadSuccessAsync(response)).GetProperty("id").GetString()!;
    }

    public async ValueTask DisposeAsync()
    {
        Machine.Dispose();
        Owner.Dispose();
        await System.DisposeAsync();
        await infrastructure.DisposeAsync();
    }
}
