using SikkerKey.Testing;

namespace SikkerKey.Cli.Tests.Support;

/// <summary>
/// One running system and one npm install for every test of the installed CLI: starting the gateway and four
/// services costs far more than a test. Tests keep apart by signing up vaults of their own.
/// </summary>
[CollectionDefinition(Name)]
public sealed class InstalledCliCollection : ICollectionFixture<InstalledCli>, ICollectionFixture<SystemFixture>
{
    public const string Name = "installed CLI against the real system";
}
