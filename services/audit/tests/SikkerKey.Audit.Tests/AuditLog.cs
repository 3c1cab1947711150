using System.Text.Json;
using SikkerKey.ServiceDefaults.Auth;
using SikkerKey.Testing;

namespace SikkerKey.Audit.Tests;

/// <summary>Reading the audit log as an auditor would, through the gateway.</summary>
internal static class AuditLog
{
    /// <summary>How long a test waits for an entry, on a machine other test suites may be loading too. Latency itself is measured by build/bench/audit-lag, not asserted.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    public static async Task<IReadOnlyList<JsonElement>> EntriesAsync(this UserSession user, string query = "")
    {
        using var response = await user.Client.GetAsync("/api/audit?limit=500" + query, Http.Ct);
        return (await response.AssertOkAsync()).GetProperty("entries").EnumerateArray().ToList();
    }

    /// <summary>Waits for the first entry that matches to be queryable.</summary>
    public static async Task<JsonElement> EntryAsync(this UserSession user, string query, Func<JsonElement, bool> match, string what, TimeSpan? within = null)
    {
        var entries = await Eventually.MatchAsync(() => user.EntriesAsync(query), found => found.Any(match), within ?? Patience, what);
        return entries.First(match);
    }

    /// <summary>Straight to one audit replica, with a principal signed as the gateway signs it (no query string: the signature covers the path).</summary>
    public static async Task<JsonElement> ReadFromReplicaAsync(this SikkerKeySystem system, ServiceProcess replica, Principal caller, string path)
    {
        using var response = await TestMachine.SendInternalAsync(system, replica.Url, HttpMethod.Get, path, caller, null);
        return await response.AssertOkAsync();
    }

    public static string? Text(this JsonElement entry, string field) =>
        entry.GetProperty(field).ValueKind == JsonValueKind.Null ? null : entry.GetProperty(field).GetString();

    public static bool Is(this JsonElement entry, string action) => entry.Text("action") == action;
}
