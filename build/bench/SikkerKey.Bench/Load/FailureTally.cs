using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;

namespace SikkerKey.Bench.Load;

/// <summary>
/// Why requests failed, counted by reason (status and error message, or the exception), so an overloaded run says
/// what broke instead of only how often.
/// </summary>
internal sealed class FailureTally
{
    private const int MaxReasonLength = 120;
    private readonly ConcurrentDictionary<string, long> counts = new();

    public long Total => counts.Values.Sum();

    public void Response(HttpStatusCode status, string body, bool hasRetryAfter) =>
        Count($"{(int)status}{(hasRetryAfter ? " with Retry-After" : "")}: {ErrorOf(body)}");

    public void Exception(Exception exception) => Count(exception switch
    {
        TaskCanceledException { InnerException: TimeoutException } => "no answer within the client's timeout",
        _ => $"{exception.GetType().Name}: {exception.Message}",
    });

    /// <summary>Most frequent first.</summary>
    public IEnumerable<(string Reason, long Count)> ByCount() =>
        counts.OrderByDescending(c => c.Value).Select(c => (c.Key, c.Value));

    private void Count(string reason) =>
        counts.AddOrUpdate(reason.Length > MaxReasonLength ? reason[..MaxReasonLength] + "…" : reason, 1, (_, n) => n + 1);

    private static string ErrorOf(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("error", out var error))
                return error.ToString();
        }
        catch (JsonException)
        {
        }
        return body.Length == 0 ? "(empty body)" : body;
    }
}
