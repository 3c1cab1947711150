using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Marten;
using SikkerKey.Audit.Log;
using SikkerKey.Audit.Recording;

namespace SikkerKey.Audit.Querying;

/// <summary>The filters <c>/api/audit</c> and <c>/api/audit/export</c> share, parsed from the query string with a clear message for each bad value.</summary>
public sealed partial record AuditFilter(DateTimeOffset? From, DateTimeOffset? To, IReadOnlyList<string> Actions, string? ActorId,
    string? MachineId, string? SecretId, string? ProjectId, string? SourceIp, int Limit, AuditCursor? Cursor)
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;

    public static (AuditFilter? Filter, string? Error) Parse(IQueryCollection query)
    {
        string? Value(string name) => query.TryGetValue(name, out var values) && !string.IsNullOrWhiteSpace(values.ToString()) ? values.ToString().Trim() : null;

        var from = Value("from");
        var to = Value("to");
        var actions = Value("action")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
        var actorId = Value("actorId");
        var machineId = Value("machineId");
        var secretId = Value("secretId");
        var projectId = Value("projectId");
        var sourceIp = Value("sourceIp");
        var limit = Value("limit");
        var cursor = Value("cursor");

        var error =
            from is not null && Time(from) is null ? "from must be an ISO 8601 date or time, e.g. 2026-01-31T12:00:00Z"
            : to is not null && Time(to) is null ? "to must be an ISO 8601 date or time, e.g. 2026-01-31T12:00:00Z"
            : Time(from) > Time(to) ? "from must not be later than to"
            : actions.FirstOrDefault(a => !FactNamePattern().IsMatch(a)) is { } action ? $"action '{Shorten(action)}' is not a fact name such as machine_auth_failed"
            // Every actor is a user or a machine, both named by UUID; anything else would silently match nothing.
            : actorId is not null && !Guid.TryParse(actorId, out _) ? "actorId must be a user or machine UUID"
            : machineId is not null && !Guid.TryParse(machineId, out _) ? "machineId must be a machine UUID"
            : secretId is not null && !SecretIdPattern().IsMatch(secretId) ? "secretId must look like sk_…"
            : projectId is not null && !ProjectIdPattern().IsMatch(projectId) ? "projectId must look like proj_…"
            : sourceIp is not null && !IsAddress(sourceIp) ? "sourceIp must be an IPv4 or IPv6 address"
            : limit is not null && !(int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= MaxLimit)
                ? $"limit must be a whole number from 1 to {MaxLimit}"
            : cursor is not null && AuditCursor.TryDecode(cursor) is null ? "cursor is not valid; pass the nextCursor of a previous page"
            : null;
        if (error is not null)
            return (null, error);

        return (new AuditFilter(Time(from), Time(to), actions, Uuid(actorId), Uuid(machineId),
            secretId, projectId, FactReader.NormalizedIp(sourceIp),
            limit is null ? DefaultLimit : int.Parse(limit, CultureInfo.InvariantCulture), cursor is null ? null : AuditCursor.TryDecode(cursor)), null);
    }

    /// <summary>
    /// A filter naming an action no contract has and <paramref name="chain"/> never recorded is a typo that would match
    /// nothing, so it is refused. Facts of contracts newer than this service are audited by convention, hence the
    /// look into the chain (only for names this build does not know).
    /// </summary>
    public async Task<string?> UnknownActionAsync(IQuerySession session, string chain, CancellationToken cancellationToken)
    {
        foreach (var action in Actions.Where(a => !FactConventions.KnownActions.Contains(a)))
        {
            if (!await session.Query<AuditEntry>().AnyAsync(e => e.VaultId == chain && e.Action == action, cancellationToken))
                return $"action '{action}' is not an audited action; known actions: {string.Join(", ", FactConventions.KnownActions.Order(StringComparer.Ordinal))}";
        }
        return null;
    }

    // In UTC: PostgreSQL's timestamptz takes only offset 0 from Npgsql, so "+01:00" was a 500 (and a cut-off export).
    // ISO 8601 only, year first: the general parser also reads "1.5" as a date (outside tester, session 19), and a
    // filter that silently means another day than the auditor wrote is worse than a 400.
    private static DateTimeOffset? Time(string? text) =>
        text is not null && IsoDatePattern().IsMatch(text)
        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at.ToUniversalTime() : null;

    // IPv4 in its dotted-quad form only: the parser also takes the old short forms ("0" is 0.0.0.0, "1.5" is 1.0.0.5),
    // which would filter for an address nobody wrote. IPv6 has several written forms; entries store it normalised.
    private static bool IsAddress(string text) =>
        IPAddress.TryParse(text, out var address) && (address.AddressFamily != AddressFamily.InterNetwork || address.ToString() == text);

    /// <summary>As entries store it (lower case, hyphens), so an id written in capitals or braces still matches.</summary>
    private static string? Uuid(string? id) => id is null ? null : Guid.Parse(id).ToString("D");

    private static string Shorten(string text) => text.Length > 40 ? text[..40] + "…" : text;

    [GeneratedRegex("^[a-z][a-z0-9_]{0,63}$")]
    private static partial Regex FactNamePattern();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}")]
    private static partial Regex IsoDatePattern();

    [GeneratedRegex("^sk_[a-z0-9]{1,64}$")]
    private static partial Regex SecretIdPattern();

    [GeneratedRegex("^proj_[a-z0-9]{1,64}$")]
    private static partial Regex ProjectIdPattern();
}
