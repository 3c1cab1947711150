using Polly;
using Polly.Retry;

namespace SikkerKey;

/// <summary>
/// The SDK retry rule of protocol v1: 429, 503 and network errors, after 1 s, 2 s and 4 s by default. A refused
/// certificate is not retried: it stays refused until someone changes the trust or the certificate.
/// </summary>
internal static class RetryPipeline
{
    public static ResiliencePipeline<WireResponse> Create(IReadOnlyList<TimeSpan> delays, TimeProvider time)
    {
        var builder = new ResiliencePipelineBuilder<WireResponse> { TimeProvider = time };
        if (delays.Count == 0)
            return builder.Build();
        return builder.AddRetry(new RetryStrategyOptions<WireResponse>
        {
            MaxRetryAttempts = delays.Count,
            DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(delays[args.AttemptNumber]),
            ShouldHandle = new PredicateBuilder<WireResponse>()
                .Handle<HttpRequestException>(e => !TrustedAuthorities.IsCertificateError(e))
                .Handle<TimeoutException>()
                .HandleResult(response => response.Status is 429 or 503),
        }).Build();
    }
}
