using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using SikkerKey.Api;
using SikkerKey.Secrets.Projects;
using SikkerKey.Secrets.Secrets;
using SikkerKey.ServiceDefaults.Errors;

namespace SikkerKey.Secrets.MachinePlane;

/// <summary>
/// The machine API (protocol v1) the official SDKs and CLI speak. Every request reached here only after the
/// gateway verified its signature and the machine's status; success is always exactly 200.
/// </summary>
public static class V1Endpoints
{
    public sealed record ValueResponse(string Value);

    public sealed record ListedSecret(string Id, string Name, string? FieldNames, string ProjectId);

    public sealed record SecretList(IReadOnlyList<ListedSecret> Secrets);

    public sealed record ExportedSecret(string Id, string Name, string Value, string? FieldNames);

    public sealed record ExportList(IReadOnlyList<ExportedSecret> Secrets);

    public static async Task<Results<Ok<ValueResponse>, JsonHttpResult<ApiError>>> GetSecret(string secretId, SingleRead loader, MachineReads reads, CancellationToken cancellationToken)
    {
        var loaded = await loader.LoadAsync(reads.MachineId, secretId, cancellationToken);
        if (loaded.Secret is not { } secret || secret.IsDeleted || secret.VaultId != reads.Machine.VaultId)
        {
            // Every denied read is audited (PRODUCT.md "Audit"), a 404 as well as a 403: a machine probing ids, or still
            // reading a secret moved to the trash, leaves a trace in its own vault's log.
            reads.StageNotFound(secretId, loaded.Secret);
            await reads.CommitAsync(cancellationToken);
            return ApiErrors.NotFound("secret not found");
        }
        if (!reads.MayRead(loaded))
        {
            reads.StageDenied(secret, "no_grant");
            await reads.CommitAsync(cancellationToken);
            return ApiErrors.Forbidden("access denied: this machine has no grant for this secret");
        }
        var value = await reads.ReadAsync(loaded, cancellationToken);
        await reads.CommitAsync(cancellationToken);
        return TypedResults.Ok(new ValueResponse(value));
    }

    public static async Task<Ok<SecretList>> ListAll(MachineReads reads, CancellationToken cancellationToken) =>
        TypedResults.Ok(new SecretList((await reads.GrantedAsync(null, cancellationToken)).Select(Listed).ToList()));

    public static async Task<Results<Ok<SecretList>, JsonHttpResult<ApiError>>> ListInProject(HttpRequest request, MachineReads reads, CancellationToken cancellationToken)
    {
        var (body, problem) = await V1Body.ReadAsync<V1Body.ProjectBody>(request, cancellationToken);
        if (problem is not null || string.IsNullOrWhiteSpace(body?.ProjectId))
            return ApiErrors.BadRequest(problem ?? "projectId is required");
        if (V1Body.ProjectIdProblem(body.ProjectId) is { } badId)
            return ApiErrors.BadRequest(badId);
        return TypedResults.Ok(new SecretList((await reads.GrantedAsync(body.ProjectId, cancellationToken)).Select(Listed).ToList()));
    }

    public static async Task<Results<Ok<ExportList>, JsonHttpResult<ApiError>>> Export(HttpRequest request, MachineReads reads, GrantedMaterial granted,
        CancellationToken cancellationToken)
    {
        var (body, problem) = await V1Body.ReadAsync<V1Body.ProjectBody>(request, cancellationToken);
        if (problem is not null)
            return ApiErrors.BadRequest(problem);
        if (body?.ApplicationId is not null)
            return ApiErrors.NotFound("applications are not supported by this server; export by projectId");
        if (V1Body.ProjectIdProblem(body?.ProjectId) is { } badId)
            return ApiErrors.BadRequest(badId);
        var loaded = await granted.LoadAsync(reads.Machine, body?.ProjectId, cancellationToken);
        var secrets = loaded.Secrets;
        var values = await reads.ReadManyAsync(loaded, cancellationToken);
        await reads.CommitAsync(cancellationToken);
        return TypedResults.Ok(new ExportList(secrets.Select((secret, i) => new ExportedSecret(secret.Id, secret.Name, values[i], MachineReads.FieldNamesText(secret))).ToList()));
    }

    private static ListedSecret Listed(Secret secret) => new(secret.Id, secret.Name, MachineReads.FieldNamesText(secret), secret.ProjectId);
}
