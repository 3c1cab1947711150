using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using SikkerKey.Api;
using SikkerKey.Secrets.Grants;
using SikkerKey.Secrets.Projects;
using SikkerKey.Secrets.Secrets;
using SikkerKey.ServiceDefaults.Auth;
using SikkerKey.ServiceDefaults.Errors;

namespace SikkerKey.Secrets.MachinePlane;

/// <summary>The /v1 endpoints the official CLI uses.</summary>
public static class V1CliEndpoints
{
    public sealed record CliSecret(string Id, string Name, string? FieldNames, string ProjectId, string ProjectName, string? ApplicationId, string? ApplicationName, string Type);

    public sealed record CliSecrets(IReadOnlyList<CliSecret> Secrets);

    public sealed record CliProject(string ProjectId, string ProjectName, string? ApplicationId, string? ApplicationName);

    public sealed record CliProjects(IReadOnlyList<CliProject> Projects);

    public sealed record Access(bool Valid, string? ProjectName, string? Error);

    /// <summary>Every granted secret, unpaged as the official CLI expects: rendered once per change (<see cref="RenderedListings"/>).</summary>
    public static async Task<IResult> Secrets(GrantedListing listing, RenderedListings rendered, HttpContext context, CancellationToken cancellationToken)
    {
        var machine = context.Principal();
        return TypedResults.Bytes(await rendered.GetAsync("secrets", machine, async ct => new CliSecrets((await listing.ListAsync(machine, ct)).Select(s => new CliSecret(s.Id, s.Name,
            s.FieldNames, s.ProjectId, s.ProjectName, null, null, s.Type == SecretTypes.Structured ? "structured" : "secret")).ToList()), cancellationToken), JsonContentType);
    }

    public static async Task<IResult> Projects(GrantedListing listing, RenderedListings rendered, HttpContext context, CancellationToken cancellationToken)
    {
        var machine = context.Principal();
        return TypedResults.Bytes(await rendered.GetAsync("projects", machine, async ct => new CliProjects((await listing.ListAsync(machine, ct))
            .DistinctBy(s => s.ProjectId).OrderBy(s => s.ProjectName).Select(s => new CliProject(s.ProjectId, s.ProjectName, null, null)).ToList()), cancellationToken), JsonContentType);
    }

    /// <summary>What <c>TypedResults.Ok</c> would have said for the same body.</summary>
    private const string JsonContentType = "application/json; charset=utf-8";

    public static async Task<Results<Ok<Access>, JsonHttpResult<ApiError>>> VerifyAccess(HttpRequest request, MachineReads reads, IQuerySession session, CancellationToken cancellationToken)
    {
        var (body, problem) = await V1Body.ReadAsync<V1Body.ProjectBody>(request, cancellationToken);
        if (problem is not null || string.IsNullOrWhiteSpace(body?.ProjectId))
            return ApiErrors.BadRequest(problem ?? "projectId is required");
        if (V1Body.ProjectIdProblem(body.ProjectId) is { } badId)
            return ApiErrors.BadRequest(badId);
        var project = await session.LoadAsync<Project>(body.ProjectId, cancellationToken);
        // The machine plane names nothing the machine has no grant on: an ungranted project and a missing one look the same.
        if (project is null || project.VaultId != reads.Machine.VaultId || (await reads.GrantedAsync(project.Id, cancellationToken)).Count == 0)
            return TypedResults.Ok(new Access(false, null, "project not found, or this machine has no access to it"));
        return TypedResults.Ok(new Access(true, project.Name, null));
    }
}
