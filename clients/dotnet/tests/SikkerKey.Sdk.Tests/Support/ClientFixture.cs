namespace SikkerKey.Sdk.Tests.Support;

/// <summary>A test server, an identity pointing at it, and a client using that identity.</summary>
internal sealed class ClientFixture : IAsyncDisposable
{
    private ClientFixture(SignedApiServer server, IdentityFolder identity, SikkerKeyOptions options) =>
        (Server, Identity, Options, Client) = (server, identity, options, new SikkerKeyClient(options));

    public SignedApiServer Server { get; }

    public IdentityFolder Identity { get; }

    public SikkerKeyOptions Options { get; }

    public SikkerKeyClient Client { get; }

    public static async Task<ClientFixture> StartAsync(Action<SikkerKeyOptions>? configure = null, TimeProvider? serverTime = null)
    {
        var server = await SignedApiServer.StartAsync(Convert.FromBase64String(IdentityFolder.Key.PublicKey), serverTime);
        var identity = IdentityFolder.Create(server.Url.ToString());
        var options = new SikkerKeyOptions { Identity = identity.IdentityFile, TimeProvider = new RecordingTimeProvider() };
        configure?.Invoke(options);
        return new ClientFixture(server, identity, options);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
        Identity.Dispose();
    }
}
