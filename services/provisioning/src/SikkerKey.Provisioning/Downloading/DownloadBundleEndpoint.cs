using System.Net;
using JasperFx;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using SikkerKey.Api;
using SikkerKey.Contracts.Provisioning;
using SikkerKey.Provisioning.Authorization;
using SikkerKey.Provisioning.Provisioning;
using SikkerKey.ServiceDefaults.Auth;
using SikkerKey.ServiceDefaults.Errors;
using SikkerKey.ServiceDefaults.Telemetry;
using SikkerKey.Signing.Keys;

namespace SikkerKey.Provisioning.Downloading;

/// <summary>
/// <c>GET /api/integrations/docker/containers/{id}/bundle</c>: single-use. The download is recorded with optimistic
/// concurrency on the provisioning stream after the identity service accepted the machine's one public key, so of
/// two concurrent downloads exactly one gets the ZIP; the other gets 410. Refusals never touch that stream, so a
/// refused attempt cannot spoil the rightful download.
/// </summary>
public static class DownloadBundleEndpoint
{
    public const string Expired = "this download link expired unused; revoke the machine and provision a new container";
    public const string MachineGone = "the machine of this bundle was deleted; provision a new container";
    public const string MachineDisabled = "the machine of this bundle is disabled; enable it on the Machines page, then download its bundle before the link expires";
    public const string MachineRevoked = "the machine of this bundle was revoked; provision a new container";
    public const string AlreadyDownloaded = "this bundle was already downloaded and can be downloaded only once; if the files are lost, revoke the machine and provision a new container";

    public static async Task<Results<FileContentHttpResult, JsonHttpResult<ApiError>>> Handle(Guid provisioningId, IDocumentSession session,
        InternalClient services, IOptions<ProvisioningOptions> options, TimeProvider time, HttpContext context, CancellationToken cancellationToken)
    {
        var caller = context.Principal();
        var now = time.GetUtcNow();
        var stream = await session.Events.FetchForWriting<ContainerProvisioning>(provisioningId.ToString(), cancellationToken);
        var provisioning = stream.Aggregate;
        if (provisioning is null)
            return ApiErrors.NotFound("no such download");
        var refusal = ProvisioningRules.Download(caller, provisioning) switch
        {
            ProvisioningRules.DownloadVerdict.OtherVault => ("other_vault", ApiErrors.NotFound("no such download")),
            ProvisioningRules.DownloadVerdict.NotProvisioner => ("not_provisioner", ApiErrors.Forbidden("only the user who provisioned this container, or an owner or admin, may download it")),
            ProvisioningRules.DownloadVerdict.PermissionGone => ("permission_revoked", ApiErrors.Forbidden("you no longer hold the permissions to provision on this project, so you may not download its bundle; ask an owner or admin")),
            _ => default((string Reason, JsonHttpResult<ApiError> Result)?),
        } ?? (provisioning.DownloadedAt is not null ? ("already_downloaded", ApiErrors.Gone(AlreadyDownloaded))
            : provisioning.ExpiredAt is not null || now >= provisioning.ExpiresAt ? ("expired", ApiErrors.Gone(Expired))
            : default((string Reason, JsonHttpResult<ApiError> Result)?));
        if (refusal is { } refused)
            return await RefuseAsync(session, provisioning, caller, refused.Reason, refused.Result, context, now, cancellationToken);

        // Design (a) of issue 21, chosen over sealing a stored key under a per-bundle link key (b): the private key is
        // made here, in memory, and leaves only in the response, so no table file, WAL segment, statistic or backup
        // ever holds it in any form, and no server key (root key included) has anything to open. (b) would still
        // write the sealed key and rest its deletion on the secrecy of a link that passes through browsers and
        // proxies. A machine whose bundle is never downloaded never gets a key, so it can never authenticate.
        using var keys = Ed25519Keys.Generate();
        // The public key is recorded first, once per machine (identity refuses a second one), which makes a
        // concurrent download lose here, before any private key leaves this process.
        using var issued = await services.SendAsync("identity", HttpMethod.Post, $"/internal/machines/{provisioning.MachineId}/key", caller,
            new { publicKey = Convert.ToBase64String(keys.PublicKey) }, cancellationToken);
        // Identity says why it took no key; each answer keeps its own reason in the audit log. Only "disabled" leaves
        // the link usable (409, not 410): enabling the machine before expiry makes the download work.
        var notIssued = issued.StatusCode switch
        {
            HttpStatusCode.Conflict => ("already_downloaded", ApiErrors.Gone(AlreadyDownloaded)),
            HttpStatusCode.NotFound => ("machine_deleted", ApiErrors.Gone(MachineGone)),
            HttpStatusCode.Locked => ("machine_disabled", ApiErrors.Conflict(MachineDisabled)),
            // Identity also answers 410 for a machine the expiry sweeper reached between our check above and this call.
            HttpStatusCode.Gone when now < provisioning.ExpiresAt => ("machine_revoked", ApiErrors.Gone(MachineRevoked)),
            HttpStatusCode.Gone => ("expired", ApiErrors.Gone(Expired)),
            _ => default((string Reason, JsonHttpResult<ApiError> Result)?),
        };
        if (notIssued is { } notIssuedRefusal)
            return await RefuseAsync(session, provisioning, caller, notIssuedRefusal.Reason, notIssuedRefusal.Result, context, now, cancellationToken);
        if (!issued.IsSuccessStatusCode)
            return ApiErrors.Status(StatusCodes.Status503ServiceUnavailable, "the identity service is unavailable; try again");

        stream.AppendOne(new BundleDownloaded(provisioning.ProvisioningId, provisioning.MachineId, provisioning.VaultId, Guid.Parse(caller.Id), SourceIp(context), now));
        try
        {
            await session.SaveChangesAsync(cancellationToken);
        }
        catch (ConcurrencyException)
        {
            // Expired by the sweeper meanwhile: the key just recorded has no private half anywhere, so it opens nothing.
            return await RefuseAsync(session, provisioning, caller, "expired", ApiErrors.Gone(Expired), context, now, cancellationToken);
        }
        SikkerKeyMetrics.Bundles.Add(1, SikkerKeyMetrics.Label("stage", "downloaded"));
        var zip = BundleZip.Build(provisioning, options.Value.PublicUrl.TrimEnd('/'), keys.PrivateKeyPem);
        return TypedResults.File(zip, "application/zip", $"{provisioning.MachineName}.sikkerkey");
    }

    private static async Task<JsonHttpResult<ApiError>> RefuseAsync(IDocumentSession requestSession, ContainerProvisioning provisioning, Principal caller,
        string reason, JsonHttpResult<ApiError> result, HttpContext context, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var session = requestSession.DocumentStore.LightweightSession();
        // A stream per refusal: concurrent refusals must not collide on one stream's version.
        session.Events.StartStream(Guid.NewGuid().ToString(), new BundleDownloadRefused(provisioning.ProvisioningId, provisioning.MachineId,
            caller.VaultId == provisioning.VaultId ? provisioning.VaultId : caller.VaultId!, Guid.Parse(caller.Id), reason, SourceIp(context), now));
        await session.SaveChangesAsync(cancellationToken);
        SikkerKeyMetrics.Bundles.Add(1, SikkerKeyMetrics.Label("stage", "refused"), SikkerKeyMetrics.Label("reason", reason));
        return result;
    }

    private static string SourceIp(HttpContext context) => context.ClientAddress();
}
