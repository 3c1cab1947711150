using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using SikkerKey.Api;
using SikkerKey.Audit.Log;
using SikkerKey.ServiceDefaults.Errors;

namespace SikkerKey.Audit.Querying;

/// <summary><c>GET /api/audit</c> (owner, admin, auditor): the caller's vault's entries (or the instance chain's), newest first, a page at a time.</summary>
public static class ListAuditEndpoint
{
    public static async Task<Results<Ok<AuditPage>, JsonHttpResult<ApiError>>> Handle(
        HttpContext context, IQuerySession session, InstanceAdmins admins, CancellationToken cancellationToken)
    {
        var (filter, error) = AuditFilter.Parse(context.Request.Query);
        if (filter is null)
            return ApiErrors.BadRequest(error!);
        var (chain, refusal) = ChainAccess.Resolve(context, admins, filter.Cursor);
        if (chain is null)
            return refusal!;
        if (await filter.UnknownActionAsync(session, chain, cancellationToken) is { } unknownAction)
            return ApiErrors.BadRequest(unknownAction);

        // One entry more than asked tells whether another page follows, without a count.
        var page = await AuditQuery.For(session, chain, filter).Take(filter.Limit + 1).ToListAsync(cancellationToken);
        var shown = page.Take(filter.Limit).ToList();
        var next = page.Count > filter.Limit ? new AuditCursor(chain, shown[^1].OccurredAt, shown[^1].Position).Encode() : null;
        return TypedResults.Ok(new AuditPage(shown.Select(View).ToList(), next));
    }

    private static AuditEntryView View(AuditEntry e) =>
        new(e.Id, e.OccurredAt, e.Action, e.Severity, e.ActorKind, e.ActorId, e.MachineId, e.SecretId, e.ProjectId, e.SourceIp, e.Detail);
}
