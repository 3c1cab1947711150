using System.Security.Cryptography;
using JasperFx;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using SikkerKey.Api;
using SikkerKey.Contracts.Secrets;
using SikkerKey.Secrets.Encryption;
using SikkerKey.Secrets.Projects;
using SikkerKey.ServiceDefaults.Auth;
using SikkerKey.ServiceDefaults.Errors;

namespace SikkerKey.Secrets.Secrets;

/// <summary>Creating, reading and changing secrets from the dashboard and scripts.</summary>
public static class ManageSecretEndpoints
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    public static async Task<Results<Created<SecretSummary>, JsonHttpResult<ApiError>>> Create(string projectId, SecretBody body,
        IDocumentSession session, SecretValues values, TimeProvider time, HttpContext context, CancellationToken cancellationToken)
    {
        var caller = context.Principal();
        var project = await session.LoadAsync<Project>(projectId, cancellationToken);
        if (project is null || project.VaultId != caller.VaultId)
            return ApiErrors.NotFound("no such project");
        if (!SecretAccess.Allowed(caller, projectId, Permissions.ManageSecrets))
            return ApiErrors.Forbidden("you need ManageSecrets on this project");
        if (SecretInput.NameProblem(body.Name) is { } nameProblem)
            return ApiErrors.BadRequest(nameProblem);
        var (input, status, problem) = SecretInput.Parse(body);
        if (input is null)
            return ApiErrors.Status(status, problem!);

        var name = body.Name!.Trim();
        var secretId = "sk_" + RandomNumberGenerator.GetString(Alphabet, 10);
        var binding = new Bindings(project.VaultId, projectId, secretId);
        var material = await values.NewMaterialAsync(session, binding, cancellationToken);
        await values.StageVersionAsync(session, material, binding, 1, input.Plaintext, cancellationToken);
        foreach (var envName in SecretName.EnvNamesOf(name, input.FieldNames))
            session.Insert(new SecretName { Id = SecretName.KeyFor(projectId, envName), SecretId = secretId });
        session.Events.StartStream<Secret>(secretId, new SecretCreated(secretId, projectId, project.VaultId, name, input.Type, input.FieldNames, 1,
            Guid.Parse(caller.Id), time.GetUtcNow(), caller.SourceIp));
        CryptographicOperations.ZeroMemory(input.Plaintext);
        try
        {
            await session.SaveChangesAsync(cancellationToken);
        }
        catch (Exception e) when (SecretName.Collided(e))
        {
            return await SecretName.ConflictAsync(session, projectId, secretId, name, input.FieldNames, cancellationToken);
        }
        return TypedResults.Created($"/api/secrets/{secretId}", new SecretSummary(secretId, name, input.Type, 1));
    }

    /// <summary>
    /// Reveals a value. Audited like a machine's read (PRODUCT.md: every secret read is recorded): the fact is committed
    /// before the value leaves, and a refusal inside the caller's own vault is recorded too.
    /// </summary>
    public static async Task<Results<Ok<SecretDetail>, JsonHttpResult<ApiError>>> Get(string secretId, IDocumentSession session, SecretValues values,
        TimeProvider time, HttpContext context, CancellationToken cancellationToken)
    {
        var caller = context.Principal();
        var (secret, error) = await SecretAccess.LoadAsync(session, caller, secretId, Permissions.ReadSecrets, cancellationToken);
        if (secret is null)
        {
            if (error!.StatusCode == StatusCodes.Status403Forbidden && await session.LoadAsync<Secret>(secretId, cancellationToken) is { } refused)
            {
                session.Events.StartStream(Guid.NewGuid().ToString(), new SecretRevealDenied(refused.Id, refused.ProjectId, refused.VaultId,
                    Guid.Parse(caller.Id), "no_read_permission", context.ClientAddress(), time.GetUtcNow()));
                await session.SaveChangesAsync(cancellationToken);
            }
            return error;
        }
        var text = await values.ReadTextAsync(session, secret, cancellationToken);
        // A stream per reveal, like machine reads: concurrent reveals must not race for one stream's version.
        session.Events.StartStream(Guid.NewGuid().ToString(), new SecretRevealed(secret.Id, secret.ProjectId, secret.VaultId, secret.CurrentVersion,
            Guid.Parse(caller.Id), context.ClientAddress(), time.GetUtcNow()));
        await session.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(secret.Type == SecretTypes.Structured
            ? new SecretDetail(secret.Id, secret.Name, secret.Type, null, SecretValues.Fields(text), secret.CurrentVersion)
            : new SecretDetail(secret.Id, secret.Name, secret.Type, text, null, secret.CurrentVersion));
    }

    public static async Task<Results<Ok<SecretSummary>, JsonHttpResult<ApiError>>> Update(string secretId, SecretBody body,
        IDocumentSession session, SecretValues values, TimeProvider time, HttpContext context, CancellationToken cancellationToken)
    {
        var caller = context.Principal();
        var (secret, error) = await SecretAccess.LoadAsync(session, caller, secretId, Permissions.ManageSecrets, cancellationToken);
        if (secret is null)
            return error!;
        var (input, status, problem) = SecretInput.Parse(body with { Name = secret.Name });
        if (input is null)
            return ApiErrors.Status(status, problem!);
        if (input.Type != secret.Type)
            return ApiErrors.BadRequest($"this secret is {secret.Type}; send {(secret.Type == SecretTypes.Plain ? "value" : "fields")}");

        int? version;
        try
        {
            version = await SecretVersions.AppendVersionAsync(session, values, secret, input.Plaintext, input.FieldNames, null, caller, time, cancellationToken);
        }
        catch (Exception e) when (SecretName.Collided(e))
        {
            return await SecretName.ConflictAsync(session, secret.ProjectId, secret.Id, secret.Name, input.FieldNames, cancellationToken);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(input.Plaintext);
        }
        return version is null
            ? ApiErrors.Conflict("the secret changed while you were saving; load it again and retry")
            : TypedResults.Ok(new SecretSummary(secret.Id, secret.Name, secret.Type, version.Value));
    }
}
