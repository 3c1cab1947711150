using JasperFx;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using SikkerKey.Api;
using SikkerKey.Secrets.Authorization;
using SikkerKey.Contracts.Secrets;
using SikkerKey.Secrets.Projects;
using SikkerKey.ServiceDefaults.Auth;
using SikkerKey.ServiceDefaults.Errors;
using SikkerKey.ServiceDefaults.Paging;

namespace SikkerKey.Secrets.Secrets;

/// <summary>Listing a project's secrets (never their values), moving them to the trash and back until the trash purges them.</summary>
public static class SecretLifecycle
{
    private const string ListName = "secrets";

    public const string Purged = "this secret was purged from the trash 30 days after it was deleted; its values are gone and it cannot be restored";

    /// <summary><c>GET /api/projects/{id}/secrets?trash=&amp;limit=&amp;cursor=</c>: a page of the project's secrets (or its trash) by name.</summary>
    public static async Task<Results<Ok<SecretList>, JsonHttpResult<ApiError>>> ListInProject(string projectId, IQuerySession session,
        HttpContext context, bool? trash, string? limit, string? cursor, CancellationToken cancellationToken)
    {
        var caller = context.Principal();
        var (page, invalid) = PageRequest.Parse(ListName, limit, cursor);
        if (page is null)
            return ApiErrors.BadRequest(invalid!);
        var (outcome, project) = await ProjectAccess.LoadAsync(session, caller, projectId, cancellationToken);
        if (outcome == ProjectAccess.Outcome.NotFound)
            return ApiErrors.NotFound("no such project");
        if (outcome == ProjectAccess.Outcome.Forbidden || !SecretAccess.Allowed(caller, projectId, SecretsRules.ListSecretsPermission))
            return ApiErrors.Forbidden("you need ReadSecrets on this project");
        var query = session.Query<Secret>().Where(s => s.ProjectId == project!.Id && s.PurgedAt == null);
        query = trash == true ? query.Where(s => s.DeletedAt != null) : query.Where(s => s.DeletedAt == null);
        var read = await query.After(page.After).OrderBy(s => s.Name).ThenBy(s => s.Id).Take(page.Limit + 1).ToListAsync(cancellationToken);
        var (shown, next) = page.Cut(read, ListName, s => new PageCursor(s.Name, s.Id));
        return TypedResults.Ok(new SecretList(shown.Select(s => new SecretItem(s.Id, s.Name, s.Type, s.FieldNames, s.CurrentVersion, s.DeletedAt)).ToList(), next));
    }

    public static async Task<Results<NoContent, JsonHttpResult<ApiError>>> Delete(string secretId, IDocumentSession session, TimeProvider time,
        HttpContext context, CancellationToken cancellationToken)
    {
        var caller = context.Principal();
        var (secret, error) = await SecretAccess.LoadAsync(session, caller, secretId, Permissions.ManageSecrets, cancellationToken);
        if (secret is null)
            return error!;
        session.Events.Append(secret.Id, new SecretDeleted(secret.Id, secret.ProjectId, secret.VaultId, Guid.Parse(caller.Id), time.GetUtcNow(), caller.SourceIp));
        await session.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    public static async Task<Results<NoContent, JsonHttpResult<ApiError>>> Restore(string secretId, IDocumentSession session, TimeProvider time,
        HttpContext context, CancellationToken cancellationToken)
    {
        var caller = context.Principal();
        var (secret, error) = await SecretAccess.LoadAsync(session, caller, secretId, Permissions.ManageSecrets, cancellationToken, includeDeleted: true);
        if (secret is null)
            return error!;
        // Optimistic concurrency against the purger: of a restore and a purge at the same moment, one commits.
        var stream = await session.Events.FetchForWriting<Secret>(secret.Id, cancellationToken);
        var current = stream.Aggregate ?? secret;
        if (current.IsPurged)
            return ApiErrors.Gone(Purged);
        if (!current.IsDeleted)
            return ApiErrors.Conflict("the secret is not in the trash");
        stream.AppendOne(new SecretRestored(secret.Id, secret.ProjectId, secret.VaultId, Guid.Parse(caller.Id), time.GetUtcNow(), caller.SourceIp));
        try
        {
            await session.SaveChangesAsync(cancellationToken);
        }
        catch (ConcurrencyException)
        {
            return ApiErrors.Conflict("the secret changed while you were restoring it; load the trash again and retry");
        }
        return TypedResults.NoContent();
    }
}
