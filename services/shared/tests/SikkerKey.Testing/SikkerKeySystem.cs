using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SikkerKey.Testing;

/// <summary>
/// The whole system as real processes — gateway plus the four services, each from its built DLL —
/// on a test class's own database and virtual host. Tests talk to it only through <see cref="Gateway"/>.
/// </summary>
public sealed class SikkerKeySystem : IAsyncDisposable
{
    public static readonly IReadOnlyList<string> ServiceNames = ["identity", "provisioning", "secrets", "audit"];

    private readonly List<ServiceProcess> processes = [];

    private SikkerKeySystem() { }

    public ServiceProcess Gateway => processes.Single(p => p.Name == "gateway");

    /// <summary>The key the processes share to sign principals; tests use it to act as another service would.</summary>
    public string InternalKey { get; private set; } = "";

    /// <summary>The audit service's signing key (base64 of an Ed25519 seed); tests check its public half.</summary>
    public string AuditKey { get; private set; } = "";

    // HttpClient's own default: on 2 cores running a test assembly's several systems at once, a request can queue
    // for over 30 s; a test should fail on a wrong answer, not on a loaded machine.
    public HttpClient CreateClient() => new() { BaseAddress = Gateway.Url, Timeout = TimeSpan.FromSeconds(100) };

    /// <summary>The replicas of one service, in start order.</summary>
    public IReadOnlyList<ServiceProcess> Replicas(string service) => processes.Where(p => p.Name == service).ToList();

    public IEnumerable<ServiceProcess> Processes => processes;

    /// <param name="replicas">How many replicas of each service (default one each).</param>
    /// <param name="environment">Extra configuration for every process, e.g. <c>SikkerKey__…</c> keys.</param>
    /// <param name="rabbitMq">A broker other than the infrastructure's, e.g. a <see cref="DedicatedBroker"/> a test stops.</param>
    /// <param name="addressesChosen">Told each service's replica addresses before any process starts (e.g. so a fault
    /// proxy in front of one knows where to forward while the gateway waits for readiness through it).</param>
    public static async Task<SikkerKeySystem> StartAsync(IsolatedInfrastructure infrastructure,
        IReadOnlyDictionary<string, int>? replicas = null, IReadOnlyDictionary<string, string>? environment = null, Uri? rabbitMq = null,
        Action<IReadOnlyDictionary<string, IReadOnlyList<Uri>>>? addressesChosen = null)
    {
        var system = new SikkerKeySystem
        {
            InternalKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
            AuditKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
        };
        var shared = new Dictionary<string, string>
        {
            ["ConnectionStrings__Postgres"] = infrastructure.Postgres,
            ["ConnectionStrings__RabbitMq"] = (rabbitMq ?? infrastructure.RabbitMq).ToString(),
            ["SikkerKey__InternalKey"] = system.InternalKey,
            ["SikkerKey__Audit__Key"] = system.AuditKey,
        };
        var gatewayUrl = FreeLoopbackUrl();
        // Bundles carry the public URL; here that is the gateway's own address.
        shared["SikkerKey__PublicUrl"] = gatewayUrl.ToString().TrimEnd('/');
        var addresses = ServiceNames.ToDictionary(s => s, s => Enumerable.Range(0, replicas?.GetValueOrDefault(s, 1) ?? 1).Select(_ => FreeLoopbackUrl()).ToList());
        addressesChosen?.Invoke(addresses.ToDictionary(a => a.Key, a => (IReadOnlyList<Uri>)a.Value));
        foreach (var (service, urls) in addresses)
        {
            var list = string.Join(',', urls.Select(u => u.ToString().TrimEnd('/')));
            shared[$"Services__{service}"] = list;
            shared[$"Gateway__Services__{service}"] = list;
        }
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
            shared[key] = value;

        // As in build/run and compose: only the secrets service holds the root key (issue 21), so a test of any other
        // service would fail if it came to need it.
        var secrets = new Dictionary<string, string>(shared)
        {
            ["SikkerKey__RootKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
        };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
            secrets[key] = value;
        foreach (var (service, urls) in addresses)
            system.processes.AddRange(urls.Select(url => ServiceProcess.Start(service, AssemblyOf(service), url, service == "secrets" ? secrets : shared)));
        system.processes.Add(ServiceProcess.Start("gateway", AssemblyOf("gateway"), gatewayUrl, shared));

        try
        {
            // Generous: on a 2-core machine running several test assemblies, five JIT-compiling processes per system
            // can take over a minute to migrate their schemas and answer; more under a heavy load.
            await system.WaitUntilReadyAsync(Patience.Scaled(TimeSpan.FromSeconds(180)));
        }
        catch
        {
            await system.DisposeAsync();
            throw;
        }
        return system;
    }

    /// <summary>
    /// Stops one process as an operator would and starts it again on the same address, with
    /// <paramref name="changes"/> applied to its configuration; waits until it is ready.
    /// </summary>
    public async Task<ServiceProcess> RestartAsync(ServiceProcess process, IReadOnlyDictionary<string, string> changes)
    {
        await process.StopAsync();
        var environment = new Dictionary<string, string>(process.Environment);
        foreach (var (key, value) in changes)
            environment[key] = value;
        var restarted = ServiceProcess.Start(process.Name, process.AssemblyPath, process.Url, environment);
        processes[processes.IndexOf(process)] = restarted;
        await process.DisposeAsync();
        await WaitUntilReadyAsync(Patience.Scaled(TimeSpan.FromSeconds(90)));
        return restarted;
    }

    /// <summary>
    /// Waits until every process, replicas included, answers its own <c>/health/ready</c>; the gateway's
    /// alone would be satisfied by one replica per service.
    /// </summary>
    public async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        var waiting = processes.ToList();
        while (waiting.Count > 0)
        {
            if (processes.FirstOrDefault(p => p.HasExited) is { } dead)
                throw new InvalidOperationException($"{dead.Name} exited during start-up:\n{Describe()}");
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"not ready within {timeout}: {string.Join(", ", waiting.Select(p => p.Name))}\n{Describe()}");
            var ready = await Task.WhenAll(waiting.Select(async p => (p, ok: await IsReadyAsync(client, p.Url))));
            // A port found free can be bound by another test process's service before ours binds it: that one then
            // answers /health/ready at our address while ours dies on the bind, and the system ran with another system's
            // identity where its secrets service belonged (POST /api/projects answered 404). Ready means listening itself;
            // the fixture starts again on new ports.
            if (ready.FirstOrDefault(r => r.ok && BuildRunFixture.PidListeningOn(r.p.Url.Port) is { } pid && pid != r.p.Id).p is { } displaced)
                throw new InvalidOperationException($"{displaced.Name}'s port {displaced.Url.Port} is held by another process:\n{Describe()}");
            waiting = ready.Where(r => !r.ok).Select(r => r.p).ToList();
            if (waiting.Count > 0)
                await Task.Delay(200);
        }
    }

    private static async Task<bool> IsReadyAsync(HttpClient client, Uri baseUrl)
    {
        try
        {
            using var response = await client.GetAsync(new Uri(baseUrl, "/health/ready"));
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    /// <summary>The tail of every process's output, for failure messages.</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        foreach (var process in processes)
        {
            text.AppendLine($"--- {process.Name} {process.Url} {(process.HasExited ? "(exited)" : "")}");
            foreach (var line in process.Output.TakeLast(40))
                text.AppendLine(line);
        }
        return text.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(processes.Select(p => p.DisposeAsync().AsTask()));
    }

    /// <summary>The built DLL of a service (or <c>gateway</c>).</summary>
    public static string AssemblyOf(string name)
    {
        // build/bench/dashboard-load measures the gateway as build/run serves it: published (trimmed, Brotli).
        if (name == "gateway" && Environment.GetEnvironmentVariable("SIKKERKEY_TEST_GATEWAY_DLL") is { Length: > 0 } published)
            return File.Exists(published) ? published : throw new FileNotFoundException($"SIKKERKEY_TEST_GATEWAY_DLL={published} does not exist");
        var project = name == "gateway" ? "SikkerKey.Gateway" : "SikkerKey." + char.ToUpperInvariant(name[0]) + name[1..];
        var folder = name == "gateway" ? RepositoryRoot.Combine("gateway", "src", project) : RepositoryRoot.Combine("services", name, "src", project);
        var path = Path.Combine(folder, "bin", BuildConfiguration, "net10.0", project + ".dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"{project} is not built ({path}); run build/test or dotnet build first");
    }

#if DEBUG
    private const string BuildConfiguration = "Debug";
#else
    private const string BuildConfiguration = "Release";
#endif

    internal static Uri FreeLoopbackUrl()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/");
    }
}
