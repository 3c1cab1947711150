using System.Diagnostics.Metrics;

namespace SikkerKey.ServiceDefaults.Telemetry;

/// <summary>
/// The counters operators alert on, one place for their names and labels. Labels are bounded sets of words (a
/// result, a reason, a stage, a chain kind); an id, an e-mail or an address as a label would be dropped by
/// <see cref="LabelGuard"/> anyway.
/// </summary>
public static class SikkerKeyMetrics
{
    public static readonly Counter<long> SignedRequests = SikkerKeyTelemetry.Meter.CreateCounter<long>("sikkerkey.signed_requests",
        description: "Signed /v1 requests at the gateway by result: ok, unauthorized, forbidden, not_found, throttled, bad_request, error");

    public static readonly Counter<long> MachineAuthFailures = SikkerKeyTelemetry.Meter.CreateCounter<long>("sikkerkey.machine_auth.failures",
        description: "Refused signed requests by reason (BadSignature, ReplayedNonce, UnknownMachine, MachineIsRevoked, ..., LockedOut)");

    public static readonly Counter<long> Logins = SikkerKeyTelemetry.Meter.CreateCounter<long>("sikkerkey.logins",
        description: "Dashboard logins by result: ok, wrong_password, unknown_email, too_many_attempts");

    public static readonly Counter<long> Bundles = SikkerKeyTelemetry.Meter.CreateCounter<long>("sikkerkey.bundles",
        description: "Container bundles by stage: provisioned, downloaded, refused (with reason), expired");

    public static readonly Counter<long> AuditFacts = SikkerKeyTelemetry.Meter.CreateCounter<long>("sikkerkey.audit.facts",
        description: "Facts appended to the audit log, by action and chain kind (vault or system)");

    public static KeyValuePair<string, object?> Label(string name, string value) => new(name, value);

    /// <summary>The result label of a signed request from its final status.</summary>
    public static string ResultOf(int status) => status switch
    {
        < 400 => "ok",
        400 => "bad_request",
        401 => "unauthorized",
        403 => "forbidden",
        404 => "not_found",
        429 => "throttled",
        _ => "error",
    };
}
