namespace SikkerKey.Sdk.Tests.Support;

/// <summary>A test class whose every test gets its own verifying server and a client signed in to it.</summary>
public abstract class ServerTest : IAsyncLifetime
{
    private ClientFixture? _fixture;

    internal ClientFixture F => _fixture ?? throw new InvalidOperationException("The fixture starts before each test.");

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _fixture = await ClientFixture.StartAsync();

    public async ValueTask DisposeAsync()
    {
        await F.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
