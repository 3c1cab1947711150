using System.Net.Http.Json;
using Microsoft.Extensions.Options;

namespace SikkerKey.ServiceDefaults.Auth;

/// <summary>
/// Calls another service's <c>/internal/…</c> endpoints with a signed principal (the caller's own, or this
/// service's). Tries the replicas in random order, moving on only when one cannot be reached at all.
/// </summary>
public sealed class InternalClient(HttpClient http, IOptions<ServiceDirectory> directory, PrincipalHeader header)
{
    public async Task<HttpResponseMessage> SendAsync(string service, HttpMethod method, string path, Principal caller,
        object? body = null, CancellationToken cancellationToken = default)
    {
        var replicas = directory.Value.ReplicasOf(service).OrderBy(_ => Random.Shared.Next()).ToList();
        if (replicas.Count == 0)
            throw new InvalidOperationException($"no address configured for the {service} service");
        for (var i = 0; ; i++)
        {
            var target = new Uri(replicas[i], path);
            using var request = new HttpRequestMessage(method, target);
            // Signed as the receiving service will see it: ASP.NET hands it the decoded path, not the escaped one.
            request.Headers.Add(PrincipalHeader.Name, header.Sign(caller, method.Method, Uri.UnescapeDataString(target.AbsolutePath)));
            if (body is not null)
                request.Content = JsonContent.Create(body, options: System.Text.Json.JsonSerializerOptions.Web);
            try
            {
                return await http.SendAsync(request, cancellationToken);
            }
            catch (HttpRequestException ex) when (i < replicas.Count - 1 && NeverSent(ex))
            {
                // That replica is down; the next one may answer.
            }
        }
    }

    /// <summary>
    /// No connection was made, so the replica saw nothing. A call that reached it and then lost its answer (the process
    /// was killed mid-request) may have taken effect there: a machine check spends its nonce, a download issues a key.
    /// Sent again to another replica it would be refused as a replay or done twice, so it fails instead and the caller
    /// answers 503, which clients retry as a new request.
    /// </summary>
    private static bool NeverSent(HttpRequestException failure) =>
        failure.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError;
}
