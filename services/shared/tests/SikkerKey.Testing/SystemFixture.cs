using Xunit;

namespace SikkerKey.Testing;

/// <summary>
/// Gateway + four services as real processes on a database and virtual host of their own. Tests share
/// one system per class (or assembly) and keep apart by signing up vaults of their own.
/// </summary>
public class SystemFixture : IAsyncLifetime
{
    private readonly IsolatedInfrastructure infrastructure = new();

    public SikkerKeySystem System { get; private set; } = null!;

    public IsolatedInfrastructure Infrastructure => infrastructure;

    protected virtual IReadOnlyDictionary<string, int>? Replicas => null;

    /// <summary>
    /// Configuration for every process. Every test connects from 127.0.0.1, so the per-IP login
    /// throttle is raised here; tests of that throttle use a fixture of their own.
    /// </summary>
    protected virtual IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>
    {
        ["SikkerKey__LoginThrottle__MaxFailuresPerIp"] = "100000",
    };

    /// <summary>A broker of the fixture's own that tests may stop; null to use the shared one.</summary>
    public DedicatedBroker? Broker { get; private set; }

    protected virtual bool OwnBroker => false;

    /// <summary>Runs once the database and virtual host exist and before any process starts (e.g. to start listening for what they emit).</summary>
    protected virtual Task BeforeStartAsync() => Task.CompletedTask;

    /// <summary>Each service's replica addresses, chosen before any process starts (and chosen again if start-up is retried).</summary>
    protected virtual void AddressesChosen(IReadOnlyDictionary<string, IReadOnlyList<Uri>> addresses)
    {
    }

    public async ValueTask InitializeAsync()
    {
        await infrastructure.InitializeAsync();
        if (OwnBroker)
            Broker = await DedicatedBroker.StartNewAsync();
        await BeforeStartAsync();
        try
        {
            System = await SikkerKeySystem.StartAsync(infrastructure, Replicas, Environment, Broker?.RabbitMq, AddressesChosen);
        }
        catch (InvalidOperationException)
        {
            // A process that died at start-up most often lost its free port to another process between
            // picking and binding it; new ports on a second try settle that.
            System = await SikkerKeySystem.StartAsync(infrastructure, Replicas, Environment, Broker?.RabbitMq, AddressesChosen);
        }
    }

    public virtual async ValueTask DisposeAsync()
    {
        // Null when start-up failed: the start-up error is the one to report, not a second one from here.
        if (System is not null)
            await System.DisposeAsync();
        if (Broker is not null)
            await Broker.DisposeAsync();
        await infrastructure.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
