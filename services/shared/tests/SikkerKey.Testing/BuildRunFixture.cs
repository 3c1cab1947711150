using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json;
using Xunit;
namespace SikkerKey.Testing;

/// <summary>
/// <c>build/run</c> as an operator starts it, with a PostgreSQL, a RabbitMQ, a data folder and ports of its own, on
/// the build the tests run on (<c>SIKKERKEY_NO_BUILD</c>). Tests kill its processes and stop its servers;
/// <c>build/bench/recovery</c> measures how fast it brings them back.
/// </summary>
public class BuildRunFixture : IAsyncLifetime
{
    public static readonly IReadOnlyList<string> ProcessNames = ["audit", "provisioning", "secrets", "identity", "gateway"];

    private readonly ConcurrentQueue<string> output = new();
    private Process? run;

    public string AdminPassword { get; } = "run-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));

    public Dictionary<string, int> Ports { get; } = [];

    public Dictionary<string, string> Environment { get; } = [];

    /// <summary>build/run's command-line arguments (e.g. <c>--replicas 2</c>, <c>--tls NAME</c>).</summary>
    protected virtual IReadOnlyList<string> Arguments => [];

    public Uri Url => new($"http://127.0.0.1:{Ports["gateway"]}/");

    public int ExitCode => run!.ExitCode;

    public bool HasExited => run!.HasExited;

    public string Output => string.Join('\n', output);

    public async ValueTask InitializeAsync()
    {
        // A port found free can be taken before build/run binds it (the full suite runs many systems at once): then
        // build/run stops with "address already in use", and a start on fresh ports is what an operator would do.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await StartOnFreshPortsAsync();
                return;
            }
            catch (InvalidOperationException ex) when (attempt < 3 && ex.Message.Contains("in use", StringComparison.OrdinalIgnoreCase))
            {
                if (Environment.TryGetValue("SIKKERKEY_DATA", out var data) && Directory.Exists(data))
                    Directory.Delete(data, recursive: true);
            }
        }
    }

    private async Task StartOnFreshPortsAsync()
    {
        Ports.Clear();
        // build/run's RabbitMQ node is stopped and started again by tests, hours into a suite: its management and
        // distribution ports are chosen here too rather than left at PORT+10000/+20000, which lay in the ephemeral range.
        foreach (var name in ProcessNames.Concat(["postgres", "metrics", "https", "rabbitmq", "rabbitmq-management", "rabbitmq-distribution"]))
        {
            // 12700–19999: below the ephemeral range and clear of DedicatedBroker's nodes (10000–12699 and +10000/+20000).
            var port = LoopbackPorts.Free(12700, 20000);
            while (Ports.ContainsValue(port))
                port = LoopbackPorts.Free(12700, 20000);
            Ports[name] = port;
        }
        var data = RepositoryRoot.Combine(".test-data", "run-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4)));
        Environment["SIKKERKEY_DATA"] = data;
        Environment["SIKKERKEY_HTTP_PORT"] = Ports["gateway"].ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var service in ProcessNames.Where(n => n != "gateway"))
            Environment[$"SIKKERKEY_{service.ToUpperInvariant()}_PORT"] = Ports[service].ToString(System.Globalization.CultureInfo.InvariantCulture);
        // build/run serves the gateway's metrics on a management port; several instances at once need one each.
        Environment["SIKKERKEY_METRICS_PORT"] = Ports["metrics"].ToString(System.Globalization.CultureInfo.InvariantCulture);
        Environment["SIKKERKEY_HTTPS_PORT"] = Ports["https"].ToString(System.Globalization.CultureInfo.InvariantCulture);
        Environment["SIKKERKEY_PG_PORT"] = Ports["postgres"].ToString(System.Globalization.CultureInfo.InvariantCulture);
        Environment["SIKKERKEY_PG_DURABLE"] = "0";
        Environment["SIKKERKEY_RABBIT_PORT"] = Ports["rabbitmq"].ToString(System.Globalization.CultureInfo.InvariantCulture);
        Environment["SIKKERKEY_RABBIT_MGMT_PORT"] = Ports["rabbitmq-management"].ToString(System.Globalization.CultureInfo.InvariantCulture);
        Environment["SIKKERKEY_RABBIT_DIST_PORT"] = Ports["rabbitmq-distribution"].ToString(System.Globalization.CultureInfo.InvariantCulture);
        Environment["SIKKERKEY_RABBIT_NODE"] = Path.GetFileName(data);
        Environment["SIKKERKEY_ADMIN_PASSWORD"] = AdminPassword;
        Environment["SIKKERKEY_NO_BUILD"] = "1";
        Environment["SIKKERKEY_CONFIGURATION"] = Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(SikkerKeySystem.AssemblyOf("gateway")))!)!;

        await StartAsync();
    }

    /// <summary>
    /// Starts build/run (again, after <see cref="StopAsync"/>) on the same data folder and ports, as an operator
    /// restarts it; returns when it says it is running.
    /// </summary>
    public async Task StartAsync()
    {
        var skip = OutputLines;
        var start = new ProcessStartInfo(RepositoryRoot.Combine("build", "run"))
        {
            WorkingDirectory = RepositoryRoot.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var argument in Arguments)
            start.ArgumentList.Add(argument);
        foreach (var (key, value) in Environment)
            start.Environment[key] = value;
        run?.Dispose();
        run = Process.Start(start) ?? throw new InvalidOperationException("could not start build/run");
        run.OutputDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        run.ErrorDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        run.BeginOutputReadLine();
        run.BeginErrorReadLine();
        // A loaded 2-core machine starting PostgreSQL, RabbitMQ and five processes can take minutes.
        await WaitForOutputAsync(line => line.StartsWith("SikkerKey is running", StringComparison.Ordinal), Patience.Scaled(TimeSpan.FromMinutes(5)), skip);
    }

    /// <summary>Stops build/run as Ctrl-C does (it stops its services and servers), keeping its data.</summary>
    public async Task StopAsync()
    {
        if (run is null || run.HasExited)
            return;
        using (var term = Process.Start("kill", ["-TERM", run.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            await term.WaitForExitAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await run.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            run.Kill(entireProcessTree: true);
        }
    }

    /// <summary>Waits for a line of build/run's output; fails with the whole output if it exits or the time runs out.</summary>
    public async Task<string> WaitForOutputAsync(Func<string, bool> match, TimeSpan timeout, int skip = 0)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (output.Skip(skip).FirstOrDefault(match) is { } line)
                return line;
            if (run!.HasExited)
                throw new InvalidOperationException($"build/run exited ({run.ExitCode}):\n{Output}");
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"build/run did not print the expected line within {timeout}:\n{Output}");
            await Task.Delay(100);
        }
    }

    public int OutputLines => output.Count;

    public async Task<HttpClient> AdminClientAsync()
    {
        var client = new HttpClient { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(100) };
        using var login = await client.PostAsJsonAsync("/api/auth/login", new { email = "admin@localhost", password = AdminPassword });
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString();
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        return client;
    }

    /// <summary>The process listening on a port of this run (its services are not build/run's direct children).</summary>
    public static int? PidListeningOn(int port)
    {
        var inode = File.ReadLines("/proc/net/tcp").Skip(1).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .FirstOrDefault(f => f[3] == "0A" && int.Parse(f[1].Split(':')[1], System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture) == port)?[9];
        if (inode is null)
            return null;
        foreach (var process in Directory.EnumerateDirectories("/proc").Where(d => int.TryParse(Path.GetFileName(d), out _)))
        {
            try
            {
                if (Directory.EnumerateFileSystemEntries(Path.Combine(process, "fd")).Any(fd => new FileInfo(fd).LinkTarget == $"socket:[{inode}]"))
                    return int.Parse(Path.GetFileName(process), System.Globalization.CultureInfo.InvariantCulture);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // That process ended while we looked.
            }
        }
        return null;
    }

    /// <summary>Runs one of build/infra's scripts on this run's servers, e.g. <c>postgres stop</c>.</summary>
    public Task<string> InfraAsync(string server, string command) => Scripts.RunAsync($"build/infra/{server}", Environment, command);

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        run?.Dispose();
        // build/run stopped its servers; their data (a PostgreSQL cluster, a RabbitMQ node) is of no further use.
        if (Environment.TryGetValue("SIKKERKEY_DATA", out var data) && Directory.Exists(data))
            Directory.Delete(data, recursive: true);
        GC.SuppressFinalize(this);
    }
}
