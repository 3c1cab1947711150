using System.Diagnostics.Metrics;
using Marten;
using SikkerKey.Contracts.Secrets;
using SikkerKey.Secrets.Encryption;
using SikkerKey.ServiceDefaults.Auth;
using SikkerKey.ServiceDefaults.Errors;
using SikkerKey.ServiceDefaults.Telemetry;

namespace SikkerKey.Secrets.Secrets;

/// <summary>
/// What happens when stored material fails to open (issue 21): one log line without a stack, a metric, an audited
/// <c>secret_integrity_failed</c> fact committed on its own (the request's session may hold staged work that must not
/// commit), then <see cref="IntegrityCheckFailedException"/>, which the error handler answers with 500.
/// </summary>
public sealed class IntegrityFailures(IHttpContextAccessor accessor, TimeProvider time, ILogger<IntegrityFailures> logger)
{
    private static readonly Counter<long> Failures = SikkerKeyTelemetry.Meter.CreateCounter<long>("sikkerkey.secrets.integrity_failures",
        description: "Stored secret material that failed its integrity check");

    /// <summary>The reasons <see cref="FailAsync"/> is called with; each is exported at 0 when the service starts.</summary>
    public static readonly string[] Reasons = ["material_format", "material_missing", "ciphertext"];

    public static void ExportZeroes()
    {
        foreach (var reason in Reasons)
            Failures.Add(0, SikkerKeyMetrics.Label("reason", reason));
    }

    public async Task<T> FailAsync<T>(IQuerySession session, Bindings binding, int version, string reason, CancellationToken cancellationToken)
    {
        Failures.Add(1, SikkerKeyMetrics.Label("reason", reason));
        logger.LogError("Secret {SecretId} version {Version} failed its integrity check ({Reason}); nothing was served", binding.SecretId, version, reason);
        var context = accessor.HttpContext;
        var caller = context?.Principal();
        await using var facts = session.DocumentStore.LightweightSession();
        facts.Events.StartStream(Guid.NewGuid().ToString(), new SecretIntegrityFailed(binding.SecretId, binding.ProjectId, binding.VaultId, version,
            caller?.Kind == PrincipalKind.Machine ? Guid.Parse(caller.Id) : null, caller is { IsUser: true } ? Guid.Parse(caller.Id) : null,
            reason, context?.ClientAddress() ?? "", time.GetUtcNow()));
        await facts.SaveChangesAsync(cancellationToken);
        throw new IntegrityCheckFailedException();
    }
}
