using SikkerKey.Sdk.Tests.Support;

namespace SikkerKey.Cli.Tests.Support;

/// <summary>
/// A verifying SikkerKey server on 127.0.0.1 serving <see cref="FakeSecretsApi"/>, a bundle pointing at it, and the
/// CLI run in-process with an environment of its own (SIKKERKEY_IDENTITY set to the bundle) and a temporary home.
/// </summary>
internal sealed class CliHarness : IAsyncDisposable
{
    private CliHarness(SignedApiServer server, IdentityFolder bundle, TimeProvider time)
    {
        (Server, Bundle, Time) = (server, bundle, time);
        Home = Directory.CreateTempSubdirectory("sikkerkey-home-").FullName;
        Environment["SIKKERKEY_IDENTITY"] = bundle.IdentityFile;
        server.Handler = (request, _) => Task.FromResult(Api.Handle(request));
    }

    public FakeSecretsApi Api { get; } = new();

    public SignedApiServer Server { get; }

    public IdentityFolder Bundle { get; }

    public TimeProvider Time { get; }

    /// <summary>The CLI's SIKKERKEY_* variables; the commands it runs inherit the test process's environment instead.</summary>
    public Dictionary<string, string?> Environment { get; } = new(StringComparer.Ordinal);

    /// <summary>An empty home folder, also where test commands write what they saw.</summary>
    public string Home { get; }

    /// <param name="time">The clock of both the CLI and the server, so that a fake one moves them together.</param>
    public static async Task<CliHarness> StartAsync(TimeProvider? time = null)
    {
        time ??= TimeProvider.System;
        var server = await SignedApiServer.StartAsync(Convert.FromBase64String(IdentityFolder.Key.PublicKey), time);
        return new CliHarness(server, IdentityFolder.Create(server.Url.ToString()), time);
    }

    public Task<CliResult> RunAsync(params string[] args) =>
        InProcess.RunAsync(args, Environment, Home, Time, TestContext.Current.CancellationToken);

    /// <summary>A path in <see cref="Home"/> for a test command to write to.</summary>
    public string File(string name) => Path.Combine(Home, name);

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        Bundle.Dispose();
        Directory.Delete(Home, recursive: true);
    }
}
