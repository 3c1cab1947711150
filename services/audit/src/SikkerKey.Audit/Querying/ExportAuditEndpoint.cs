using System.Globalization;
using System.Text;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using SikkerKey.ServiceDefaults.Auth;
using SikkerKey.ServiceDefaults.Errors;

namespace SikkerKey.Audit.Querying;

/// <summary>
/// <c>GET /api/audit/export</c> (owner, admin, auditor): every entry matching the filters as CSV, newest first,
/// streamed from PostgreSQL to the client row by row, so a log of any size never sits in memory.
/// </summary>
public static class ExportAuditEndpoint
{
    private static readonly string[] Header =
        ["id", "timestamp", "action", "severity", "actorKind", "actorId", "machineId", "secretId", "projectId", "sourceIp", "detail"];

    public static Results<PushStreamHttpResult, JsonHttpResult<ApiError>> Handle(HttpContext context, IQuerySession session)
    {
        var (filter, error) = AuditFilter.Parse(context.Request.Query);
        if (filter is null)
            return ApiErrors.BadRequest(error!);
        var entries = AuditQuery.For(session, context.Principal().VaultId!, filter);
        return TypedResults.Stream(async body =>
        {
            await using var writer = new StreamWriter(body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 16 * 1024, leaveOpen: true);
            await writer.WriteAsync(CsvCells.Line(Header));
            await foreach (var e in entries.ToAsyncEnumerable(context.RequestAborted))
            {
                await writer.WriteAsync(CsvCells.Line([e.Id.ToString(), e.OccurredAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
                    e.Action, e.Severity, e.ActorKind, e.ActorId, e.MachineId, e.SecretId, e.ProjectId, e.SourceIp, e.Detail]));
            }
        }, "text/csv; charset=utf-8", $"audit-{context.Principal().VaultId}.csv");
    }
}
