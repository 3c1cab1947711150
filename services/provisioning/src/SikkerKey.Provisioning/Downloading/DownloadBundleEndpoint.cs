using System.Security.Cryptography;
using JasperFx;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using SikkerKey.Contracts.Provisioning;
using SikkerKey.Provisioning.Authorization;
using SikkerKey.Provisioning.Provisioning;
using SikkerKey.ServiceDefaults.Auth;
using SikkerKey.ServiceDefaults.Errors;
using SikkerKey.ServiceDefaults.Telemetry;

namespace SikkerKey.Provisioning.Downloading;

/// <summary>
/// <c>GET /api/integrations/docker/containers/{id}/bundle</c>: single-use. The download is recorded with optimistic
/// concurrency on the provisioning stream and the sealed key is deleted in the same commit, so of two concurrent
/// downloads exactly one commits and gets the ZIP; the other gets 410. Refusals never touch that stream, so a
/// refused attempt cannot spoil the rightful download.
/// </summary>
public static class DownloadBundleEndpoint
{
    public const string Expired = "this download link expired unused; revoke the machine and provision a new container";
    public const string RootKeyRotated = "this bundle was sealed under a root key the server no longer uses (the key was rotated); revoke the machine and provision a new container";
    public const string AlreadyDownloaded = "this bundle was already downloaded and can be downloaded only once; if the files are lost, revoke the machine and provision a new container";

    public static async Task<Results<FileContentHttpResult, JsonHttpResult<ApiError>>> Handle(Guid provisioningId, IDocumentSession session,
        BundleSealer sealer, IOptions<ProvisioningOptions> options, TimeProvider time, HttpContext context, CancellationToken cancellationToken)
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

        var bundle = await session.LoadAsync<SealedBundle>(provisioningId, cancellationToken);
        if (bundle is null)
            return await RefuseAsync(session, provisioning, caller, "already_downloaded", ApiErrors.Gone(AlreadyDownloaded), context, now, cancellationToken);
        // Opened before the download is recorded, so a bundle that cannot be opened is refused, not consumed.
        byte[] pem;
        try
        {
            pem = sealer.Open(provisioning.ProvisioningId, bundle.SealedPrivateKey);
        }
        catch (AuthenticationTagMismatchException)
        {
            return await RefuseAsync(session, provisioning, caller, "root_key_rotated", ApiErrors.Gone(RootKeyRotated), context, now, cancellationToken);
        }
        try
        {
            stream.AppendOne(new BundleDownloaded(provisioning.ProvisioningId, provisioning.MachineId, provisioning.VaultId, Guid.Parse(caller.Id), SourceIp(context), now));
            session.Delete(bundle);
            try
            {
                await session.SaveChangesAsync(cancellationToken);
            }
            catch (ConcurrencyException)
            {
                return await RefuseAsync(session, provisioning, caller, "already_downloaded", ApiErrors.Gone(AlreadyDownloaded), context, now, cancellationToken);
            }
            SikkerKeyMetrics.Bundles.Add(1, SikkerKeyMetrics.Label("stage", "downloaded"));
            var zip = BundleZip.Build(provisioning, options.Value.PublicUrl.TrimEnd('/'), pem);
            return TypedResults.File(zip, "application/zip", $"{provisioning.MachineName}.sikkerkey");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pem);
        }
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
