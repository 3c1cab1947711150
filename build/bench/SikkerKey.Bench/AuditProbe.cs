using System.Diagnostics;
using System.Text.Json;
using SikkerKey.Testing;

namespace SikkerKey.Bench;

/// <summary>How long one fact took to become queryable in the audit log.</summary>
/// <param name="SinceFact">From the fact's own timestamp (the service's clock, this machine's) to the poll that saw it.</param>
/// <param name="SinceAcknowledged">From the API's <c>201</c> to the poll that saw it.</param>
/// <param name="Polls">How many queries it took.</param>
internal sealed record AuditDelay(TimeSpan SinceFact, TimeSpan SinceAcknowledged, int Polls);

/// <summary>
/// Creates a project, as a user would, and queries the audit log for its <c>project_created</c> entry until it is
/// there. The secrets service forwards its facts in order and the audit log takes them about in the order they
/// arrive, so the entry also marks that the facts the secrets service recorded before it are worked off.
/// </summary>
internal static class AuditProbe
{
    public static async Task<AuditDelay> CreateProjectAndWaitAsync(UserSession user, TimeSpan pollEvery, TimeSpan timeout)
    {
        var projectId = await BenchSystem.CreateAsync(user, "/api/projects", new { name = "probe-" + Guid.NewGuid().ToString("N")[..12] });
        var acknowledged = Stopwatch.GetTimestamp();
        for (var polls = 1; ; polls++)
        {
            using var response = await user.Client.GetAsync($"/api/audit?action=project_created&projectId={projectId}&limit=1");
            // An overloaded system may answer a poll 503 (the bench's load rates go past what it can serve): poll again.
            var entries = response.StatusCode == System.Net.HttpStatusCode.ServiceUnavailable ? default
                : (await UserSession.ReadSuccessAsync(response)).GetProperty("entries");
            var seen = DateTimeOffset.UtcNow;
            if (entries.ValueKind == System.Text.Json.JsonValueKind.Array && entries.GetArrayLength() > 0)
                return new AuditDelay(seen - entries[0].GetProperty("timestamp").GetDateTimeOffset(), Stopwatch.GetElapsedTime(acknowledged), polls);
            if (Stopwatch.GetElapsedTime(acknowledged) > timeout)
                throw new TimeoutException($"project_created of {projectId} not queryable within {timeout.TotalSeconds:0} s");
            await Task.Delay(pollEvery);
        }
    }
}
