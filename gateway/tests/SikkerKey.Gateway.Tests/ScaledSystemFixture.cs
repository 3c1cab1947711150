using SikkerKey.Testing;

namespace SikkerKey.Gateway.Tests;

/// <summary>Two replicas of the secrets service behind one gateway.</summary>
public sealed class ScaledSystemFixture : SystemFixture
{
    protected override IReadOnlyDictionary<string, int>? Replicas => new Dictionary<string, int> { ["secrets"] = 2 };
}
