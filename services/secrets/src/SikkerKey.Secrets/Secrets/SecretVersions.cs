using JasperFx;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using SikkerKey.Api;
using SikkerKey.Secrets.Authorization;
using SikkerKey.Contracts.Secrets;
using SikkerKey.ServiceDefaults.Auth;
using SikkerKey.ServiceDefaults.Errors;
using SikkerKey.Secrets.Encryption;

namespace SikkerKey.Secrets.Secrets;

/// <summary>Versions: every change is a new one, a rollback copies an old value into a new version.</summary>
public static class SecretVersions
{
    public static async Task<Results<Ok<SecretVersionList>, JsonHttpResult<ApiError>>> Get(string secretId, IQuerySession session, HttpContext context, CancellationToken cancellationToken)
    {
        var (secret, error) = await SecretAccess.LoadAsync(session, context.Principal(), secretId, SecretsRules.ListSecretsPermission, cancellationToken);
        return secret is null ? error! : TypedResults.Ok(new SecretVersionList(secret.Versions.OrderByDescending(v => v.Version).Select(v => new SecretVersionItem(v.Version, v.CreatedAt, v.CreatedBy)).ToList()));
    }

    public static async Task<Results<Ok<SecretSummary>, JsonHttpResult<ApiError>>> Rollback(string secretId, RollbackRequest request,
        IDocumentSession session, SecretValues values, TimeProvider time, HttpContext context, CancellationToken cancellationToken)
    {
        var caller = context.Principal();
        var (secret, error) = await SecretAccess.LoadAsync(session, caller, secretId, Permissions.ManageSecrets, cancellationToken);
        if (secret is null)
            return error!;
        if (request.Version is not { } target || secret.Versions.All(v => v.Version != target))
            return ApiErrors.BadRequest($"version must be one of this secret's versions (1 to {secret.CurrentVersion})");

        var plaintext = await values.ReadAsync(session, secret, target, cancellationToken);
        var fieldNames = secret.Type == SecretTypes.Structured ? SecretValues.Fields(System.Text.Encoding.UTF8.GetString(plaintext)).Keys.ToList() : null;
        int? version;
        try
        {
            version = await AppendVersionAsync(session, values, secret, plaintext, fieldNames, target, caller, time, cancellationToken);
        }
        catch (Exception e) when (SecretName.Collided(e))
        {
            // The old version's fields would take a variable name another secret has taken since.
            return await SecretName.ConflictAsync(session, secret.ProjectId, secret.Id, secret.Name, fieldNames, cancellationToken);
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(plaintext);
        }
        return version is null
            ? ApiErrors.Conflict("the secret changed meanwhile; retry")
            : TypedResults.Ok(new SecretSummary(secret.Id, secret.Name, secret.Type, version.Value));
    }

    /// <summary>
    /// Encrypts the value as the next version and appends the fact with optimistic concurrency, so two
    /// simultaneous saves cannot both become the same version; null when another save won. The fields' variable names
    /// are claimed in the same commit (<see cref="SecretName"/>): a <see cref="DocumentAlreadyExistsException"/> when
    /// another secret holds one.
    /// </summary>
    public static async Task<int?> AppendVersionAsync(IDocumentSession session, SecretValues values, Secret secret, byte[] plaintext,
        IReadOnlyList<string>? fieldNames, int? rolledBackTo, Principal by, TimeProvider time, CancellationToken cancellationToken)
    {
        var stream = await session.Events.FetchForWriting<Secret>(secret.Id, cancellationToken);
        var current = stream.Aggregate ?? secret;
        var next = current.CurrentVersion + 1;
        var material = await session.LoadAsync<SecretMaterial>(secret.Id, cancellationToken) ?? throw new InvalidOperationException("secret without material");
        await values.StageVersionAsync(session, material, new Bindings(secret.VaultId, secret.ProjectId, secret.Id), next, plaintext, cancellationToken);
        await SecretName.StageClaimsAsync(session, secret.ProjectId, secret.Id, secret.Name, fieldNames, cancellationToken);
        stream.AppendOne(new SecretUpdated(secret.Id, secret.ProjectId, secret.VaultId, next, fieldNames, rolledBackTo, Guid.Parse(by.Id), time.GetUtcNow(), by.SourceIp));
        try
        {
            await session.SaveChangesAsync(cancellationToken);
            return next;
        }
        catch (ConcurrencyException)
        {
            return null;
        }
    }
}
