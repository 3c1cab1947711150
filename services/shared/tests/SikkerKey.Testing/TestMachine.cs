using System.Net.Http.Json;
using System.Text;
using Microsoft.Extensions.Options;
using SikkerKey.ServiceDefaults.Auth;
using SikkerKey.Signing;
using SikkerKey.Signing.Keys;

namespace SikkerKey.Testing;

/// <summary>
/// A machine registered straight with the identity service, as the provisioning service does, holding its
/// private key so tests can send signed <c>/v1</c> requests (and forged ones) through the gateway.
/// </summary>
public sealed class TestMachine : IDisposable
{
    private readonly GeneratedKeyPair keys;

    private TestMachine(Guid id, string name, GeneratedKeyPair keys)
    {
        Id = id;
        Name = name;
        this.keys = keys;
        Signer = RequestSigner.FromPem(id, keys.PrivateKeyPem);
    }

    public Guid Id { get; }

    public string Name { get; }

    public RequestSigner Signer { get; }

    public string PublicKeyBase64 => Convert.ToBase64String(keys.PublicKey);

    /// <summary>Registers a machine for <paramref name="owner"/> through identity's internal API, signed as the provisioning service would sign it.</summary>
    public static async Task<TestMachine> RegisterAsync(SikkerKeySystem system, UserSession owner, IReadOnlyList<string> projectIds, string? name = null)
    {
        var (response, keys) = await TryRegisterAsync(system, owner, projectIds, name);
        var body = await UserSession.ReadSuccessAsync(response);
        response.Dispose();
        return new TestMachine(body.GetProperty("machineId").GetGuid(), body.GetProperty("name").GetString()!, keys);
    }

    /// <summary>Grants the machine secrets of one project through the secrets service's internal API, as provisioning does.</summary>
    public async Task GrantAsync(SikkerKeySystem system, UserSession owner, string projectId, params string[] secretIds)
    {
        using var response = await SendInternalAsync(system, system.Replicas("secrets")[0].Url, HttpMethod.Post, "/internal/grants",
            await PrincipalOfAsync(owner), new { machineId = Id, projectId, secretIds });
        await UserSession.ReadSuccessAsync(response);
    }

    public static async Task<(HttpResponseMessage Response, GeneratedKeyPair Keys)> TryRegisterAsync(SikkerKeySystem system, UserSession owner,
        IReadOnlyList<string> projectIds, string? name = null)
    {
        var keys = Ed25519Keys.Generate();
        var response = await SendInternalAsync(system, system.Replicas("identity")[0].Url, HttpMethod.Post, "/internal/machines", await PrincipalOfAsync(owner),
            new { name, projectIds, publicKey = Convert.ToBase64String(keys.PublicKey), provisionedVia = "docker" });
        return (response, keys);
    }

    /// <summary>The principal the gateway would hand a service for this user's requests right now.</summary>
    public static async Task<Principal> PrincipalOfAsync(UserSession user)
    {
        var me = await (await user.Client.GetAsync("/api/me")).Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        var permissions = System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string[]>>(me.GetProperty("permissions"));
        return new Principal(PrincipalKind.User, user.UserId, user.VaultId, me.GetProperty("role").GetString(), user.Email, null, permissions);
    }

    /// <summary>Calls a service's internal API directly with a principal signed under the system's internal key.</summary>
    public static async Task<HttpResponseMessage> SendInternalAsync(SikkerKeySystem system, Uri replica, HttpMethod method, string path, Principal principal, object? body)
    {
        var header = new PrincipalHeader(Options.Create(new InternalKeyOptions { InternalKey = system.InternalKey }), TimeProvider.System);
        using var client = new HttpClient { BaseAddress = replica };
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Add(PrincipalHeader.Name, header.Sign(principal, method.Method, path));
        if (body is not null)
            request.Content = JsonContent.Create(body);
        return await client.SendAsync(request);
    }

    /// <summary>A correctly signed request; <paramref name="body"/> is sent byte for byte as signed.</summary>
    public HttpRequestMessage SignedRequest(HttpMethod method, string path, string? body = null) => SignedRequest(Signer, method, path, body);

    /// <summary>A request signed with any machine's key, e.g. one taken out of a downloaded bundle.</summary>
    public static HttpRequestMessage SignedRequest(RequestSigner signer, HttpMethod method, string path, string? body = null)
    {
        var bytes = body is null ? [] : Encoding.UTF8.GetBytes(body);
        var request = new HttpRequestMessage(method, path);
        foreach (var (name, value) in signer.Sign(method.Method, path, bytes).ToHeaders())
            request.Headers.TryAddWithoutValidation(name, value);
        if (body is not null)
            request.Content = new ByteArrayContent(bytes) { Headers = { ContentType = new("application/json") } };
        return request;
    }

    /// <summary>The signer a container builds from the <c>private.pem</c> of its downloaded bundle.</summary>
    public static RequestSigner SignerFromBundle(Guid machineId, byte[] zip)
    {
        using var archive = new System.IO.Compression.ZipArchive(new MemoryStream(zip));
        using var pem = new MemoryStream();
        using (var entry = archive.GetEntry("private.pem")!.Open())
            entry.CopyTo(pem);
        return RequestSigner.FromPem(machineId, pem.ToArray());
    }

    public void Dispose()
    {
        Signer.Dispose();
        keys.Dispose();
    }
}
