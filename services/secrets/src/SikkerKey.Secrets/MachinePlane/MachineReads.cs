using System.Text.Json;
using Marten;
using SikkerKey.Contracts;
using SikkerKey.Contracts.Secrets;
using SikkerKey.Secrets.Authorization;
using SikkerKey.Secrets.Grants;
using SikkerKey.Secrets.Projects;
using SikkerKey.Secrets.Secrets;
using SikkerKey.ServiceDefaults.Auth;
using SikkerKey.ServiceDefaults.Backbone;

namespace SikkerKey.Secrets.MachinePlane;

/// <summary>What one signed request may see: the calling machine's live grants and the secrets behind them.</summary>
public sealed class MachineReads(IDocumentSession session, SecretValues values, FactOutbox outbox, FactOutboxWriter writer, TimeProvider time, IHttpContextAccessor accessor)
{
    private readonly List<IIntegrationEvent> facts = [];
    private readonly HttpContext context = accessor.HttpContext ?? throw new InvalidOperationException("machine reads need a request");

    public Principal Machine => context.Principal();

    public Guid MachineId => Guid.Parse(Machine.Id);

    public string SourceIp => context.ClientAddress();

    /// <summary>Granted secrets that still exist, optionally in one project, by name.</summary>
    public async Task<IReadOnlyList<Secret>> GrantedAsync(string? projectId, CancellationToken cancellationToken)
    {
        var grants = session.Query<Grant>().Where(g => g.MachineId == MachineId);
        if (projectId is not null)
            grants = grants.Where(g => g.ProjectId == projectId);
        var ids = await grants.Select(g => g.SecretId).ToListAsync(cancellationToken);
        var secrets = await session.LoadManyAsync<Secret>(cancellationToken, ids.ToArray());
        return secrets.Where(s => !s.IsDeleted && s.VaultId == Machine.VaultId && SecretsRules.MachineReads(Machine, s.ProjectId)).OrderBy(s => s.Name).ToList();
    }

    /// <summary>
    /// Decrypts the current value of a secret loaded by <see cref="SingleRead"/> and stages the read fact with it (committed by
    /// <see cref="CommitAsync"/>), and the poll baseline only when it moves: rewriting an unchanged row on every read
    /// would make one machine's concurrent reads of a secret queue for that row's lock.
    /// </summary>
    public async Task<string> ReadAsync(SecretForRead loaded, CancellationToken cancellationToken)
    {
        var secret = loaded.Secret!;
        var value = await values.ReadTextAsync(session, secret, loaded.Material, loaded.ProjectKey, cancellationToken);
        if (loaded.Baseline != secret.CurrentVersion)
            PollBaselines.StageRead(session, MachineId, [(secret.Id, secret.CurrentVersion)]);
        facts.Add(new SecretRead(MachineId, secret.Id, secret.ProjectId, secret.VaultId, secret.CurrentVersion, SourceIp, time.GetUtcNow()));
        return value;
    }

    /// <summary>
    /// <see cref="ReadAsync"/> for many secrets at once (an export): values opened in memory after one round trip,
    /// and one <see cref="SecretsRead"/> fact per <see cref="SecretsRead.MaxSecrets"/> secrets (the audit log still
    /// shows one <c>secret_read</c> per secret), written in the commit of <see cref="CommitAsync"/>.
    /// </summary>
    public async Task<IReadOnlyList<string>> ReadManyAsync(GrantedValues granted, CancellationToken cancellationToken)
    {
        var secrets = granted.Secrets;
        var texts = await values.ReadTextsAsync(session, secrets, granted.Materials, cancellationToken);
        if (secrets.Count == 0)
            return texts;
        PollBaselines.StageRead(session, MachineId, secrets.Select(s => (s.Id, s.CurrentVersion)).ToList());
        var now = time.GetUtcNow();
        facts.AddRange(secrets.Chunk(SecretsRead.MaxSecrets).Select(chunk => new SecretsRead(MachineId, chunk[0].VaultId, SourceIp,
            chunk.Select(s => new SecretVersionRead(s.Id, s.ProjectId, s.CurrentVersion)).ToList(), now)));
        return texts;
    }

    public void StageDenied(Secret secret, string reason) =>
        facts.Add(new SecretReadDenied(MachineId, secret.Id, secret.ProjectId, secret.VaultId, reason, SourceIp, time.GetUtcNow()));

    /// <summary>
    /// Stages the refusal of a read answered 404: <c>deleted</c> for a secret of the machine's vault in the trash,
    /// <c>not_found</c> for any other id. It goes to the machine's own vault and names only the id the machine sent (cut
    /// short, as junk can be long): a secret of another vault found by that id stays unnamed, its project included.
    /// </summary>
    public void StageNotFound(string secretId, Secret? found)
    {
        var trashed = found is { IsDeleted: true } && found.VaultId == Machine.VaultId ? found : null;
        facts.Add(new SecretReadDenied(MachineId, ResourceIds.Shorten(secretId), trashed?.ProjectId ?? "", Machine.VaultId ?? "",
            trashed is null ? "not_found" : "deleted", SourceIp, time.GetUtcNow()));
    }

    /// <summary>Granted, and the machine's owner may still read the project (<see cref="SecretsRules.MachineReads"/>).</summary>
    public bool MayRead(SecretForRead loaded) => loaded.IsGranted && SecretsRules.MachineReads(Machine, loaded.Secret!.ProjectId);

    /// <summary>
    /// Commits the staged facts (issue 15: rows of the <see cref="FactOutbox"/>, not a Marten event stream started
    /// per read) with whatever else the read staged, before the response goes out. With nothing else staged, the
    /// common case, they join the facts of concurrent reads in one INSERT and one commit (<see cref="FactOutboxWriter"/>).
    /// </summary>
    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        if (session.PendingChanges.Operations().Any() || session.PendingChanges.Streams().Any())
        {
            outbox.Stage(session, facts);
            await session.SaveChangesAsync(cancellationToken);
            if (facts.Count > 0)
                outbox.Pulse();
        }
        else
            await writer.CommitAsync(facts.ToList(), cancellationToken);
        facts.Clear();
    }

    /// <summary>The official clients expect a structured secret's field names as one JSON string, never an array.</summary>
    public static string? FieldNamesText(Secret secret) => secret.Type == SecretTypes.Structured ? FieldNamesText(secret.FieldNames) : null;

    public static string? FieldNamesText(List<string>? names) => names is null ? null : JsonSerializer.Serialize(names);
}
