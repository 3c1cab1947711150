using System.Text;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using SikkerKey.Api;
using SikkerKey.Audit.Chain;
using SikkerKey.Audit.Checkpointing;
using SikkerKey.ServiceDefaults.Errors;

namespace SikkerKey.Audit.Querying;

/// <summary>
/// <c>GET /api/audit/export</c> (owner, admin, auditor): every entry matching the filters as CSV, in chain order, each
/// with its position, the hash it chains onto and its own hash, ending with the latest signed checkpoint the rows cover,
/// so an auditor can check the file offline (README: the audit log). Streamed from PostgreSQL row by row, so a log of
/// any size never sits in memory.
/// </summary>
public static class ExportAuditEndpoint
{
    public static async Task<Results<PushStreamHttpResult, JsonHttpResult<ApiError>>> Handle(HttpContext context, IQuerySession session, InstanceAdmins admins,
        CancellationToken cancellationToken)
    {
        var (filter, error) = AuditFilter.Parse(context.Request.Query);
        if (filter is null)
            return ApiErrors.BadRequest(error!);
        var (chain, refusal) = ChainAccess.Resolve(context, admins);
        if (chain is null)
            return refusal!;
        if (await filter.UnknownActionAsync(session, chain, cancellationToken) is { } unknownAction)
            return ApiErrors.BadRequest(unknownAction);
        var entries = AuditQuery.InChainOrder(session, chain, filter);
        return TypedResults.Stream(async body =>
        {
            await using var writer = new StreamWriter(body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 16 * 1024, leaveOpen: true);
            await writer.WriteAsync(AuditCsv.HeaderLine);
            long? first = null, last = null;
            await foreach (var e in entries.ToAsyncEnumerable(context.RequestAborted))
            {
                await writer.WriteAsync(AuditCsv.EntryLine(e.Chained(), e.PreviousHash, e.Hash));
                first ??= e.Position;
                last = e.Position;
            }
            if (first is not null)
            {
                var (from, to) = (first.Value, last!.Value);
                var checkpoint = await session.Query<ChainCheckpoint>().Where(c => c.Chain == chain && c.Position >= from && c.Position <= to)
                    .OrderByDescending(c => c.Position).FirstOrDefaultAsync(context.RequestAborted);
                if (checkpoint is not null)
                    await writer.WriteAsync(AuditCsv.CheckpointLine(checkpoint.ToCheckpoint()));
            }
        }, "text/csv; charset=utf-8", $"audit-{chain}.csv");
    }
}
