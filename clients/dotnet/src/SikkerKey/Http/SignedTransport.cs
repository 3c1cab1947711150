using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Polly;
using SikkerKey.Signing;

namespace SikkerKey;

/// <summary>Sends v1 requests: signs each attempt afresh (new timestamp and nonce), retries, times out, maps errors.</summary>
internal sealed class SignedTransport(HttpClient http, RequestSigner signer, Uri origin, SikkerKeyOptions options)
{
    private readonly ResiliencePipeline<WireResponse> _retry = RetryPipeline.Create(options.RetryDelays, options.TimeProvider);

    public async Task<T> SendAsync<T>(HttpMethod method, string path, byte[]? body, JsonTypeInfo<T> answer, CancellationToken ct)
    {
        var response = await SendAsync(method, path, body, ct).ConfigureAwait(false);
        try
        {
            return JsonSerializer.Deserialize(response.Body, answer)
                ?? throw new JsonException("the answer is null");
        }
        catch (JsonException e)
        {
            throw new ApiException($"{method} {path} answered 200 with an unexpected body: {e.Message}", response.Status);
        }
    }

    internal async Task<WireResponse> SendAsync(HttpMethod method, string path, byte[]? body, CancellationToken ct)
    {
        WireResponse response;
        try
        {
            response = await _retry.ExecuteAsync(async token => await AttemptAsync(method, path, body, token).ConfigureAwait(false), ct)
                .ConfigureAwait(false);
        }
        catch (HttpRequestException e) when (TrustedAuthorities.IsCertificateError(e))
        {
            throw new ConnectionException(TrustedAuthorities.Describe(origin, e), e);
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutException)
        {
            throw new ConnectionException($"Could not reach SikkerKey at {origin}: {e.Message}", e);
        }
        return response.Status == 200 ? response : throw ErrorMapping.ToException(response);
    }

    private async Task<WireResponse> AttemptAsync(HttpMethod method, string path, byte[]? body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, new Uri(origin, path));
        var signed = signer.Sign(method.Method, request.RequestUri!.AbsolutePath, body ?? [],
            options.TimeProvider.GetUtcNow().ToUnixTimeSeconds(), options.NonceFactory());
        foreach (var (name, value) in signed.ToHeaders())
            request.Headers.TryAddWithoutValidation(name, value);
        request.Content = Content(body);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(options.Timeout);
        try
        {
            using var response = await http.SendAsync(request, deadline.Token).ConfigureAwait(false);
            return new WireResponse((int)response.StatusCode, await response.Content.ReadAsStringAsync(deadline.Token).ConfigureAwait(false));
        }
        catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException($"no answer within {options.Timeout.TotalSeconds:0.###} s", e);
        }
    }

    // POST without a body still sends Content-Length: 0, as the official clients do for export.
    private static ByteArrayContent? Content(byte[]? body)
    {
        if (body is null)
            return null;
        var content = new ByteArrayContent(body);
        if (body.Length > 0)
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }
}
