using System.Net;
using SikkerKey.Testing;

namespace SikkerKey.Audit.Tests;

/// <summary>A log that may fall 5 s behind its facts before readiness says so, so the test need not wait the default minute.</summary>
public sealed class ShortBacklogFixture : AuditSystemFixture
{
    protected override IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>(base.Environment)
    {
        ["SikkerKey__Audit__MaxBacklogAge"] = "00:00:05",
    };
}

/// <summary>
/// When the projection cannot advance for a reason that is not the fact's (here: its table locked, as a long migration
/// or a stuck PostgreSQL would), nothing is lost and an operator is told: readiness turns unhealthy, with the reason,
/// and recovers by itself once the log has caught up, with every fact in it once.
/// </summary>
public sealed class BacklogHealthTests(ShortBacklogFixture fixture) : IClassFixture<ShortBacklogFixture>
{
    [Fact]
    public async Task A_log_that_cannot_advance_turns_readiness_unhealthy_and_catches_up_once_it_can()
    {
        using var owner = await UserSession.SignUpAsync(fixture.System);
        await owner.EntryAsync("&action=vault_created", _ => true, "the vault's first fact");
        var audit = fixture.System.Replicas("audit").Single();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(100) };
        Assert.Equal(HttpStatusCode.OK, await ReadinessAsync(http, audit.Url));

        string project;
        await using (var connection = await fixture.Infrastructure.OpenAsync())
        {
            await using var transaction = await connection.BeginTransactionAsync(Http.Ct);
            await using (var lockTable = new Npgsql.NpgsqlCommand("LOCK TABLE audit.mt_doc_auditentry IN ACCESS EXCLUSIVE MODE", connection, transaction))
                await lockTable.ExecuteNonQueryAsync(Http.Ct);

            project = await owner.CreateProjectAsync("while-the-log-is-stuck");
            await Eventually.MatchAsync(() => ReadinessAsync(http, audit.Url), status => status == HttpStatusCode.ServiceUnavailable,
                AuditLog.Patience, "the audit service reporting itself not ready");
            using var gateway = fixture.System.CreateClient();
            using var gatewayReady = await gateway.GetAsync("/health/ready", Http.Ct);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, gatewayReady.StatusCode);
            await transaction.RollbackAsync(Http.Ct);
        }

        await Eventually.MatchAsync(() => ReadinessAsync(http, audit.Url), status => status == HttpStatusCode.OK,
            TimeSpan.FromSeconds(90), "the audit service ready again once the log caught up");
        await owner.EntryAsync($"&action=project_created&projectId={project}", _ => true, "the fact recorded while the log was stuck", TimeSpan.FromSeconds(90));
        Assert.Single(await owner.EntriesAsync($"&action=project_created&projectId={project}"));
        Assert.True((await (await owner.Client.GetAsync("/api/audit/verify", Http.Ct)).AssertOkAsync()).GetProperty("valid").GetBoolean());
    }

    private static async Task<HttpStatusCode> ReadinessAsync(HttpClient http, Uri service)
    {
        using var response = await http.GetAsync(new Uri(service, "/health/ready"), Http.Ct);
        return response.StatusCode;
    }
}
