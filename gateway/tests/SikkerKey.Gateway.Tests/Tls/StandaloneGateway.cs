using System.Net;
using System.Security.Cryptography;
using SikkerKey.Testing;

namespace SikkerKey.Gateway.Tests.Tls;

/// <summary>
/// The gateway alone, listening for plain HTTP on every address: what TLS does happens before any service is asked,
/// so these tests need no database, broker or service behind it.
/// </summary>
internal static class StandaloneGateway
{
    public static Dictionary<string, string> Environment(int httpPort, IReadOnlyDictionary<string, string> tls)
    {
        var environment = new Dictionary<string, string>(tls)
        {
            ["ASPNETCORE_URLS"] = $"http://0.0.0.0:{httpPort}",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["SikkerKey__InternalKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["SIKKERKEY_METRICS_PORT"] = TlsSystemFixture.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            // Nothing listens there: the probes of the absent services would fill the output.
            ["Logging__LogLevel__Yarp"] = "None",
        };
        foreach (var service in SikkerKeySystem.ServiceNames)
            environment[$"Gateway__Services__{service}"] = "http://127.0.0.1:9";
        return environment;
    }

    public static async Task<ServiceProcess> StartAsync(int httpPort, IReadOnlyDictionary<string, string> tls)
    {
        var gateway = ServiceProcess.Start("gateway", SikkerKeySystem.AssemblyOf("gateway"), new Uri($"http://0.0.0.0:{httpPort}/"), Environment(httpPort, tls));
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        await Eventually.MatchAsync(async () =>
        {
            if (gateway.HasExited)
                throw new InvalidOperationException("the gateway exited:\n" + string.Join('\n', gateway.Output));
            try
            {
                using var response = await client.GetAsync(new Uri($"http://127.0.0.1:{httpPort}/health/live"), Http.Ct);
                return response.StatusCode;
            }
            // A probe that times out is a gateway still starting on a loaded machine (CI saw one JIT-compiling for more
            // than 5 s at load average 27): probe again until the deadline, as for a refused connection.
            catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !Http.Ct.IsCancellationRequested))
            {
                return HttpStatusCode.ServiceUnavailable;
            }
        }, status => status == HttpStatusCode.OK, Patience.Scaled(TimeSpan.FromSeconds(90)), "the gateway answering /health/live");
        return gateway;
    }
}
