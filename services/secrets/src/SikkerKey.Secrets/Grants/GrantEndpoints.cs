using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using SikkerKey.Api;
using SikkerKey.Secrets.Authorization;
using SikkerKey.Secrets.Projects;
using SikkerKey.Secrets.Secrets;
using SikkerKey.ServiceDefaults.Auth;
using SikkerKey.ServiceDefaults.Errors;

namespace SikkerKey.Secrets.Grants;

/// <summary>
/// <c>POST /internal/grants</c> for the provisioning service, on behalf of the provisioning user, and the
/// admin API <c>/api/secrets/{secretId}/grants/{machineId}</c> to grant and ungrant by hand.
/// </summary>
public static class GrantEndpoints
{
    public sealed record ProvisionRequest(Guid? MachineId, string? ProjectId, IReadOnlyList<string?>? SecretIds, bool AllSecrets, bool DryRun);

    public sealed record ProvisionResponse(string ProjectId, string ProjectName, IReadOnlyList<string> SecretIds);

    public static async Task<Results<Ok<ProvisionResponse>, JsonHttpResult<ApiError>>> Provision(ProvisionRequest request, IDocumentSession session,
        TimeProvider time, HttpContext context, CancellationToken cancellationToken)
    {
        var caller = context.Principal();
        if (request.MachineId is null || string.IsNullOrWhiteSpace(request.ProjectId))
            return ApiErrors.BadRequest("machineId and projectId are required");
        if (!ResourceIds.IsProjectId(request.ProjectId))
            return ApiErrors.BadRequest("projectId is not a project id");
        if (!request.AllSecrets && request.SecretIds is { } listed && ResourceIds.ListProblem(listed, "secretIds", ResourceIds.IsSecretId, "secret") is { } listProblem)
            return ApiErrors.BadRequest(listProblem);
        if (request.AllSecrets && request.SecretIds is { Count: > 0 })
            return ApiErrors.BadRequest("send either secretIds or allSecrets: true, not both");
        var project = await session.LoadAsync<Project>(request.ProjectId, cancellationToken);
        if (project is null || project.VaultId != caller.VaultId)
            return ApiErrors.NotFound("no such project");
        if (SecretsRules.ProvisionProblem(caller, project.Id) is { } refused)
            return ApiErrors.Forbidden(refused);

        var inProject = (await session.Query<Secret>().Where(s => s.ProjectId == project.Id).ToListAsync(cancellationToken))
            .Where(s => !s.IsDeleted).Select(s => s.Id).ToHashSet();
        var selected = request.AllSecrets ? inProject.Order().ToList() : (request.SecretIds ?? []).Select(id => id!).ToList();
        if (selected.Count == 0)
            return ApiErrors.BadRequest(request.AllSecrets ? "the project has no secrets to grant" : "select at least one secret, or allSecrets");
        if (selected.FirstOrDefault(id => !inProject.Contains(id)) is { } stranger)
            return ApiErrors.BadRequest($"secret '{stranger}' is not in project {project.Id}");

        if (!request.DryRun)
        {
            GrantWriter.StageGrants(session, request.MachineId.Value, project.Id, project.VaultId, selected, "provisioned", Guid.Parse(caller.Id), time.GetUtcNow(), caller.SourceIp);
            await session.SaveChangesAsync(cancellationToken);
        }
        return TypedResults.Ok(new ProvisionResponse(project.Id, project.Name, selected));
    }

    public static async Task<Results<Ok<GrantList>, JsonHttpResult<ApiError>>> List(string secretId, IQuerySession session, HttpContext context, CancellationToken cancellationToken)
    {
        var (secret, error) = await SecretAccess.LoadAsync(session, context.Principal(), secretId, SecretsRules.ListSecretsPermission, cancellationToken);
        if (secret is null)
            return error!;
        var machines = await session.Query<Grant>().Where(g => g.SecretId == secret.Id).Select(g => g.MachineId).ToListAsync(cancellationToken);
        return TypedResults.Ok(new GrantList(machines.ToList()));
    }

    public static Task<Results<NoContent, JsonHttpResult<ApiError>>> Add(string secretId, Guid machineId, IDocumentSession session, TimeProvider time,
        InternalClient services, HttpContext context, CancellationToken cancellationToken) =>
        ChangeAsync(secretId, machineId, session, services, context, (secret, by) =>
            GrantWriter.StageGrants(session, machineId, secret.ProjectId, secret.VaultId, [secret.Id], "granted", Guid.Parse(by.Id), time.GetUtcNow(), by.SourceIp), cancellationToken);

    public static Task<Results<NoContent, JsonHttpResult<ApiError>>> Remove(string secretId, Guid machineId, IDocumentSession session, TimeProvider time,
        InternalClient services, HttpContext context, CancellationToken cancellationToken) =>
        ChangeAsync(secretId, machineId, session, services, context, (secret, by) =>
        {
            session.Delete<Grant>(Grant.KeyFor(machineId, secret.Id));
            session.Events.Append(GrantWriter.StreamFor(machineId), new SikkerKey.Contracts.Secrets.GrantsChanged(machineId, secret.ProjectId, secret.VaultId, [], [secret.Id], "ungranted", Guid.Parse(by.Id), time.GetUtcNow(), by.SourceIp));
        }, cancellationToken);

    /// <summary>Owners and admins only (the route group's policy); the machine must be of the same vault.</summary>
    private static async Task<Results<NoContent, JsonHttpResult<ApiError>>> ChangeAsync(string secretId, Guid machineId, IDocumentSession session,
        InternalClient services, HttpContext context, Action<Secret, Principal> stage, CancellationToken cancellationToken)
    {
        var caller = context.Principal();
        var (secret, error) = await SecretAccess.LoadAsync(session, caller, secretId, Permissions.ManageSecrets, cancellationToken);
        if (secret is null)
            return error!;
        var machine = await MachineLookup.FindAsync(session, services, caller, machineId, cancellationToken);
        if (machine is null || machine.VaultId != caller.VaultId)
            return ApiErrors.NotFound("no such machine");
        stage(secret, caller);
        await session.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }
}
