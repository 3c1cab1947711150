using System.Security.Cryptography;
using Marten;
using SikkerKey.Secrets.Secrets;

namespace SikkerKey.Secrets.Encryption;

/// <summary>
/// At start, before the service answers, re-seals every secret's material written before issue 21 as format 2
/// (<see cref="KeyRing.UpgradeLegacyAsync"/>), so reads only ever accept the strong bindings and an attacker cannot
/// downgrade a row to the weak ones. Idempotent: replicas starting together write the same result.
/// </summary>
public sealed class LegacyMaterialUpgrade(IDocumentStore store, KeyRing keys, ILogger<LegacyMaterialUpgrade> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession();
        // Raw SQL, not LINQ: material from before issue 21 has no Format at all, and LINQ's comparison of a missing number is null, never true.
        var legacy = await session.QueryAsync<SecretMaterial>("where data->>'Format' is null or (data->>'Format')::int < ?",
            cancellationToken, Bindings.CurrentFormat);
        var upgraded = 0;
        foreach (var material in legacy)
        {
            if (await session.LoadAsync<Secret>(material.Id, cancellationToken) is not { } secret)
                continue;
            try
            {
                await keys.UpgradeLegacyAsync(session, new Bindings(secret.VaultId, secret.ProjectId, secret.Id), material, secret.CurrentVersion, cancellationToken);
                session.Store(material);
                upgraded++;
            }
            catch (AuthenticationTagMismatchException)
            {
                // Left as it is: every read of it fails its integrity check and is audited.
                logger.LogError("Secret {SecretId}'s stored material does not open as format 1; left unread", secret.Id);
            }
        }
        await session.SaveChangesAsync(cancellationToken);
        if (upgraded > 0)
            logger.LogInformation("Re-sealed {Count} secrets' material with vault, project, secret and version bound", upgraded);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
