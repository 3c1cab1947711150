using SikkerKey.Testing;

namespace SikkerKey.Secrets.Tests;

/// <summary>
/// A system of its own for tests that act on it as a whole (a purge driven by a moved clock, a root key rotation
/// that restarts the secrets service) or watch all it emits: every process exports its traces, metrics and logs
/// to <see cref="Collector"/>, and <see cref="Bus"/> copies every message published on its virtual host.
/// </summary>
public sealed class OwnSystemFixture : SystemFixture
{
    public OtlpCollector Collector { get; private set; } = null!;

    public BusTap Bus { get; private set; } = null!;

    // RoundTripTests lists 400 machines of one vault.
    protected override IReadOnlyDictionary<string, string> Environment =>
        new Dictionary<string, string>(base.Environment.Concat(Collector.Environment)) { ["SikkerKey__Plan__DefaultMachineQuota"] = "500" };

    protected override async Task BeforeStartAsync()
    {
        Collector = OtlpCollector.Start();
        Bus = await BusTap.StartAsync(Infrastructure);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Collector.DisposeAsync();
    }
}

/// <summary>The classes on <see cref="OwnSystemFixture"/>; one runs at a time, since each changes or watches the whole system.</summary>
[CollectionDefinition(Name)]
public sealed class OwnSystemCollection : ICollectionFixture<OwnSystemFixture>
{
    public const string Name = "own system";
}
