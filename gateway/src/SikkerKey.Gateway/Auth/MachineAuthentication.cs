using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using SikkerKey.Api;
using SikkerKey.ServiceDefaults.Auth;
using SikkerKey.ServiceDefaults.Errors;
using SikkerKey.Signing;

namespace SikkerKey.Gateway.Auth;

/// <summary>
/// For <c>/v1</c>: the raw path and the SHA-256 of the raw body bytes, exactly as received (never
/// re-serialised), go to the identity service, which verifies the signature, the nonce and the machine's
/// current status. The gateway relays a refusal as it is, or forwards the request with the machine principal.
/// </summary>
internal sealed class MachineAuthentication(InternalClient services)
{
    private static readonly Principal Gateway = Principal.ServiceNamed("gateway");

    public async Task<(Principal? Principal, IResult? Refusal)> AuthenticateAsync(HttpContext context)
    {
        var request = context.Request;
        var rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? request.Path.Value ?? "";
        var queryStart = rawTarget.IndexOf('?', StringComparison.Ordinal);

        request.EnableBuffering();
        var bodyHash = await SHA256.HashDataAsync(request.Body, context.RequestAborted);
        request.Body.Position = 0;

        var verify = new
        {
            method = request.Method,
            path = queryStart < 0 ? rawTarget : rawTarget[..queryStart],
            hasQueryString = queryStart >= 0,
            headers = SigningHeaders.All.Where(h => request.Headers.ContainsKey(h)).ToDictionary(h => h, h => request.Headers[h].ToString()),
            bodySha256 = Convert.ToHexStringLower(bodyHash),
            sourceIp = context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
        };
        using var response = await services.SendAsync("identity", HttpMethod.Post, "/internal/machines/verify", Gateway, verify, context.RequestAborted);
        if (response.IsSuccessStatusCode)
            return (await response.Content.ReadFromJsonAsync<Principal>(JsonSerializerOptions.Web, context.RequestAborted), null);

        var status = (int)response.StatusCode;
        if (status is 400 or 401 or 429)
        {
            var error = await response.Content.ReadFromJsonAsync<ApiError>(JsonSerializerOptions.Web, context.RequestAborted);
            if (response.Headers.RetryAfter?.Delta is { } retryAfter)
                return (null, ApiErrors.RetryLater(context.Response, status, error?.Error ?? "authentication failed", retryAfter));
            return (null, ApiErrors.Status(status, error?.Error ?? "authentication failed"));
        }
        return (null, ApiErrors.RetryLater(context.Response, StatusCodes.Status503ServiceUnavailable,
            "machine authentication is temporarily unavailable; try again", RetryAfter.Unavailable));
    }
}
