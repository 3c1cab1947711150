using System.Diagnostics.Metrics;
using Marten;
using Marten.Services;
using SikkerKey.ServiceDefaults.Telemetry;

namespace SikkerKey.Audit.Log;

/// <summary>
/// <c>sikkerkey.audit.lag</c>: seconds from a fact happening in its service to its entry being queryable, measured
/// right after the projection's commit. It spans the source's forwarding, the bus and both daemons.
/// </summary>
public sealed class AuditLag(TimeProvider time) : IChangeListener
{
    private static readonly Histogram<double> Lag = SikkerKeyTelemetry.Meter.CreateHistogram<double>(
        "sikkerkey.audit.lag", unit: "s", description: "Time from a fact to its audit entry being queryable");

    public Task BeforeCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token) => Task.CompletedTask;

    public Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
    {
        var now = time.GetUtcNow();
        foreach (var entry in commit.Inserted.OfType<AuditEntry>())
        {
            // The kind of chain, never the vault id: one series per vault would be unbounded.
            var chain = SikkerKeyMetrics.Label("chain", entry.VaultId == Chains.System ? "system" : "vault");
            // Actions are a fixed set: the audit API refuses any that no contract has.
            var action = SikkerKeyMetrics.Label("action", entry.Action);
            Lag.Record((now - entry.OccurredAt).TotalSeconds, action, chain);
            SikkerKeyMetrics.AuditFacts.Add(1, action, chain);
        }
        return Task.CompletedTask;
    }
}
