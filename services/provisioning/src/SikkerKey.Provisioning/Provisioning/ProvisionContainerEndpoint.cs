using System.Net.Http.Json;
using System.Text.Json;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using SikkerKey.Api;
using SikkerKey.Contracts.Provisioning;
using SikkerKey.ServiceDefaults.Auth;
using SikkerKey.ServiceDefaults.Errors;
using SikkerKey.Signing.Keys;
using SikkerKey.ServiceDefaults.Telemetry;

namespace SikkerKey.Provisioning.Provisioning;

/// <summary>
/// <c>POST /api/integrations/docker/containers</c>: checks the selection with the secrets service, registers the
/// approved machine with the identity service (which checks permission and quota) without a key, and grants the
/// secrets. No keypair exists yet: it is made in memory when the bundle is downloaded (see
/// <see cref="Downloading.DownloadBundleEndpoint"/>). A failure after registration deletes the machine again, so no
/// half-provisioned machine is left behind.
/// </summary>
public static class ProvisionContainerEndpoint
{
    private sealed record Selection(string ProjectId, string ProjectName, IReadOnlyList<string> SecretIds);

    private sealed record Registered(Guid MachineId, string Name);

    public static async Task<Results<Created<Provisioned>, JsonHttpResult<ApiError>>> Handle(ProvisionRequest request, IDocumentSession session,
        InternalClient services, IOptions<ProvisioningOptions> options, TimeProvider time, HttpContext context, ILoggerFactory logs, CancellationToken cancellationToken)
    {
        var caller = context.Principal();
        if (string.IsNullOrWhiteSpace(request.ProjectId))
            return ApiErrors.BadRequest("projectId is required");
        if (!ResourceIds.IsProjectId(request.ProjectId))
            return ApiErrors.BadRequest("projectId is not a project id");
        if (!request.AllSecrets && request.SecretIds is not { Count: > 0 })
            return ApiErrors.BadRequest("select at least one secret (secretIds), or allSecrets: true");
        if (!request.AllSecrets && ResourceIds.ListProblem(request.SecretIds!, "secretIds", ResourceIds.IsSecretId, "secret") is { } listProblem)
            return ApiErrors.BadRequest(listProblem);
        var machineId = Guid.NewGuid();
        var grant = new { machineId, projectId = request.ProjectId, secretIds = (IReadOnlyList<string?>?)request.SecretIds, allSecrets = request.AllSecrets, dryRun = true };

        var (selection, refusal) = await CallAsync<Selection>(services, "secrets", "/internal/grants", caller, grant, cancellationToken);
        if (selection is null)
            return refusal!;
        var (machine, notRegistered) = await CallAsync<Registered>(services, "identity", "/internal/machines", caller, new
        {
            machineId, name = string.IsNullOrWhiteSpace(request.MachineName) ? null : request.MachineName.Trim(), projectIds = new[] { selection.ProjectId },
            publicKey = (string?)null, provisionedVia = "docker",
        }, cancellationToken);
        if (machine is null)
            return notRegistered!;

        try
        {
            var (granted, notGranted) = await CallAsync<Selection>(services, "secrets", "/internal/grants", caller, grant with { dryRun = false, secretIds = (IReadOnlyList<string?>?)selection.SecretIds, allSecrets = false }, cancellationToken);
            if (granted is null)
                throw new InvalidOperationException("granting failed after the machine was registered");

            var provisioningId = Guid.NewGuid();
            var now = time.GetUtcNow();
            var expiresAt = now + options.Value.BundleDownloadWindow;
            session.Events.StartStream<ContainerProvisioning>(provisioningId.ToString(), new MachineProvisioned(provisioningId, machine.MachineId, caller.VaultId!,
                selection.ProjectId, machine.Name, granted.SecretIds, Guid.Parse(caller.Id), expiresAt, now, caller.SourceIp));
            await session.SaveChangesAsync(cancellationToken);
            SikkerKeyMetrics.Bundles.Add(1, SikkerKeyMetrics.Label("stage", "provisioned"));
            return TypedResults.Created($"/api/machines/{machine.MachineId}",
                new Provisioned(machine.MachineId, machine.Name, $"/api/integrations/docker/containers/{provisioningId}/bundle", expiresAt));
        }
        catch (Exception ex)
        {
            // A grant that timed out is a failure too (the machine would keep its quota slot and name, with no
            // secrets and no bundle), and so is a user who went away: undone either way, on a token of its own.
            logs.CreateLogger(typeof(ProvisionContainerEndpoint)).LogError(ex, "Provisioning machine {MachineId} failed after registration; deleting it", machine.MachineId);
            using var undo = await services.SendAsync("identity", HttpMethod.Delete, $"/api/machines/{machine.MachineId}", caller, cancellationToken: CancellationToken.None);
            return ApiErrors.Status(StatusCodes.Status503ServiceUnavailable, "provisioning failed and was rolled back; try again");
        }
    }

    /// <summary>An internal call whose 4xx refusals are the user's to see, as the owning service worded them.</summary>
    private static async Task<(T? Result, JsonHttpResult<ApiError>? Refusal)> CallAsync<T>(InternalClient services, string service, string path,
        Principal caller, object body, CancellationToken cancellationToken) where T : class
    {
        using var response = await services.SendAsync(service, HttpMethod.Post, path, caller, body, cancellationToken);
        if (response.IsSuccessStatusCode)
            return (await response.Content.ReadFromJsonAsync<T>(JsonSerializerOptions.Web, cancellationToken), null);
        var status = (int)response.StatusCode;
        if (status is >= 400 and < 500)
        {
            var error = await response.Content.ReadFromJsonAsync<ApiError>(JsonSerializerOptions.Web, cancellationToken);
            return (null, ApiErrors.Status(status, error?.Error ?? "refused"));
        }
        return (null, ApiErrors.Status(StatusCodes.Status503ServiceUnavailable, $"the {service} service is unavailable; try again"));
    }
}
