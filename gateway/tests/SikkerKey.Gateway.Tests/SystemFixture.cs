using SikkerKey.Testing;

namespace SikkerKey.Gateway.Tests;

/// <summary>Gateway + four services as real processes on this class's own database and virtual host.</summary>
public class SystemFixture : IAsyncLifetime
{
    private readonly IsolatedInfrastructure infrastructure = new();

    public SikkerKeySystem System { get; private set; } = null!;

    protected virtual IReadOnlyDictionary<string, int>? Replicas => null;

    public async ValueTask InitializeAsync()
    {
        await infrastructure.InitializeAsync();
        System = await SikkerKeySystem.StartAsync(infrastructure, Replicas);
    }

    public async ValueTask DisposeAsync()
    {
        await System.DisposeAsync();
        await infrastructure.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}

/// <summary>Two replicas of the secrets service behind one gateway.</summary>
public sealed class ScaledSystemFixture : SystemFixture
{
    protected override IReadOnlyDictionary<string, int>? Replicas => new Dictionary<string, int> { ["secrets"] = 2 };
}
