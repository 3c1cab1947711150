using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SikkerKey.Signing;
namespace SikkerKey.Testing;

/// <summary>A container provisioned on a <c>build/run</c> system and its signed reads, as the SDKs send them.</summary>
public static class BuildRunContainer
{
    public static async Task<(Guid MachineId, string SecretId, RequestSigner Signer)> ProvisionAsync(HttpClient admin)
    {
        var project = await IdOfAsync(await admin.PostAsJsonAsync("/api/projects", new { name = "run-" + Guid.NewGuid().ToString("N")[..8] }, Http.Ct));
        var secret = await IdOfAsync(await admin.PostAsJsonAsync($"/api/projects/{project}/secrets", new { name = "DATABASE_URL", value = "postgres://run" }, Http.Ct));
        var provisioned = await (await admin.PostAsJsonAsync("/api/integrations/docker/containers", new { projectId = project, secretIds = new[] { secret } }, Http.Ct))
            .AssertOkAsync(HttpStatusCode.Created);
        var machineId = provisioned.GetProperty("machineId").GetGuid();
        var zip = await (await admin.GetAsync(provisioned.GetProperty("downloadUrl").GetString(), Http.Ct)).Content.ReadAsByteArrayAsync(Http.Ct);
        return (machineId, secret, TestMachine.SignerFromBundle(machineId, zip));
    }

    public static async Task<HttpStatusCode> ReadAsync(HttpClient client, RequestSigner signer, string secretId)
    {
        using var response = await client.SendAsync(TestMachine.SignedRequest(signer, HttpMethod.Get, $"/v1/secret/{secretId}"), Http.Ct);
        return response.StatusCode;
    }

    /// <summary>The status, or the kind of network failure while the gateway itself is down.</summary>
    public static async Task<string> TryReadAsync(HttpClient client, RequestSigner signer, string secretId)
    {
        try
        {
            return ((int)await ReadAsync(client, signer, secretId)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (HttpRequestException ex)
        {
            return ex.HttpRequestError.ToString();
        }
    }

    private static async Task<string> IdOfAsync(HttpResponseMessage response) =>
        (await response.AssertOkAsync(HttpStatusCode.Created)).GetProperty("id").GetString()!;
}
