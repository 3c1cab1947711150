using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using SikkerKey.Bench.Load;
using SikkerKey.ServiceDefaults.Auth;
using SikkerKey.Testing;

namespace SikkerKey.Bench.ReadPath;

/// <summary>
/// One signed read taken apart: the whole read through the gateway, and the two calls the gateway makes for it,
/// each sent straight to its service with the principal header the gateway would add. Then an export of a project of
/// <see cref="ExportSize"/> secrets, to set beside one read, and two bare hops.
/// </summary>
internal static class ReadPathScenarios
{
    public const string Verify = "verify hop: identity /internal/machines/verify";
    public const string Secrets = "secrets hop: secrets GET /v1/secret/{id}";
    public const string Gateway = "gateway total: GET /v1/secret/{id}, signed";
    public const string Export = "export of 50: POST /v1/secrets/export, signed";
    public const string LiveGateway = "/health/live of the gateway (no hop)";
    public const string LiveService = "/health/live of the secrets service";
    public const string LoginGateway = "POST /api/auth/login {} via the gateway";
    public const string LoginIdentity = "POST /api/auth/login {} straight to identity";

    public const int ExportSize = 50;

    private const string VerifyPath = "/internal/machines/verify";
    private static readonly string EmptyBodySha256 = Convert.ToHexStringLower(SHA256.HashData([]));
    private static readonly Principal GatewayService = Principal.ServiceNamed("gateway");

    /// <param name="exporter">A machine granted every secret of <paramref name="exported"/>, a project of <see cref="ExportSize"/>.</param>
    public static IReadOnlyList<Scenario> Create(BenchSystem bench, TestMachine exporter, string exported)
    {
        var readPath = $"/v1/secret/{bench.SecretId}";
        // As identity resolves it: the machine carries its owner's role, which secrets checks on every read.
        var machine = new Principal(PrincipalKind.Machine, bench.Machine.Id.ToString(), bench.Owner.VaultId, Role: Roles.Owner, Email: bench.Machine.Name);
        return
        [
            new(Verify, () => VerifyRequest(bench, readPath), HttpStatusCode.OK),
            new(Secrets, () => WithPrincipal(bench, HttpMethod.Get, new Uri(bench.Url("secrets"), readPath), machine), HttpStatusCode.OK, MakesAuditFacts: true),
            new(Gateway, () => SignedRead(bench, readPath), HttpStatusCode.OK, MakesAuditFacts: true),
            new(Export, () => SignedExport(bench, exporter, exported), HttpStatusCode.OK, MakesAuditFacts: true),
            new(LiveGateway, () => new HttpRequestMessage(HttpMethod.Get, new Uri(bench.Url("gateway"), "/health/live")), HttpStatusCode.OK),
            new(LiveService, () => new HttpRequestMessage(HttpMethod.Get, new Uri(bench.Url("secrets"), "/health/live")), HttpStatusCode.OK),
            // Public, so the gateway proxies it without asking identity anything; identity refuses it before any database work.
            new(LoginGateway, () => EmptyLogin(bench.Url("gateway")), HttpStatusCode.BadRequest),
            new(LoginIdentity, () => EmptyLogin(bench.Url("identity")), HttpStatusCode.BadRequest),
        ];
    }

    private static HttpRequestMessage SignedRead(BenchSystem bench, string path)
    {
        var request = bench.Machine.SignedRequest(HttpMethod.Get, path);
        request.RequestUri = new Uri(bench.Url("gateway"), path);
        return request;
    }

    private static HttpRequestMessage SignedExport(BenchSystem bench, TestMachine exporter, string projectId)
    {
        const string path = "/v1/secrets/export";
        var request = exporter.SignedRequest(HttpMethod.Post, path, $"{{\"projectId\":\"{projectId}\"}}");
        request.RequestUri = new Uri(bench.Url("gateway"), path);
        return request;
    }

    /// <summary>What the gateway sends identity for a signed read: the raw path, the signing headers, the body's hash.</summary>
    private static HttpRequestMessage VerifyRequest(BenchSystem bench, string readPath)
    {
        var signed = bench.Machine.Signer.Sign("GET", readPath, []);
        var request = WithPrincipal(bench, HttpMethod.Post, new Uri(bench.Url("identity"), VerifyPath), GatewayService);
        request.Content = JsonContent.Create(new
        {
            method = "GET",
            path = readPath,
            hasQueryString = false,
            headers = signed.ToHeaders().ToDictionary(h => h.Key, h => h.Value),
            bodySha256 = EmptyBodySha256,
            sourceIp = "127.0.0.1",
        }, options: System.Text.Json.JsonSerializerOptions.Web);
        return request;
    }

    private static HttpRequestMessage WithPrincipal(BenchSystem bench, HttpMethod method, Uri url, Principal principal)
    {
        var request = new HttpRequestMessage(method, url);
        request.Headers.Add(PrincipalHeader.Name, bench.Principals.Sign(principal, method.Method, url.AbsolutePath));
        return request;
    }

    private static HttpRequestMessage EmptyLogin(Uri server) =>
        new(HttpMethod.Post, new Uri(server, "/api/auth/login")) { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
}
