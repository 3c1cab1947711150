using SikkerKey.Audit.Chain;
using SikkerKey.Testing;

namespace SikkerKey.Audit.Tests;

public sealed class AuditExportTests(AuditSystemFixture fixture)
{
    [Fact]
    public async Task The_export_is_the_filtered_log_as_csv_in_chain_order_with_positions_and_hashes()
    {
        using var owner = await UserSession.SignUpAsync(fixture.System);
        await owner.CreateProjectAsync("web, \"quoted\" and =formula-like");
        var project = await owner.CreateProjectAsync("-dash");
        var secret = await owner.CreateSecretAsync(project, "API_KEY", "csv-secret-value");
        var listed = await Eventually.MatchAsync(() => owner.EntriesAsync(), e => e.Any(x => x.Is("secret_created")), AuditLog.Patience, "secret_created");

        using var response = await owner.Client.GetAsync("/api/audit/export", HttpCompletionOption.ResponseHeadersRead, Http.Ct);
        var csv = await response.Content.ReadAsStringAsync(Http.Ct);

        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("id,timestamp,action,severity,actorKind,actorId,machineId,secretId,projectId,sourceIp,detail,chain,position,previousHash,hash", lines[0]);
        var rows = lines.Skip(1).Where(l => !l.StartsWith("checkpoint,", StringComparison.Ordinal)).Select(l => AuditCsv.ReadRecord(new StringReader(l))!).ToList();
        Assert.Equal(listed.Select(e => e.Text("id")!).ToHashSet(), rows.Select(r => r[0]).ToHashSet());
        Assert.Equal(Enumerable.Range(1, rows.Count).Select(p => p.ToString(System.Globalization.CultureInfo.InvariantCulture)), rows.Select(r => r[12]));
        Assert.All(rows, r => Assert.Equal(owner.VaultId, r[11]));
        Assert.All(rows.Skip(1).Zip(rows), pair => Assert.Equal(pair.Second[14], pair.First[13]));
        Assert.Contains("\"name: web, \"\"quoted\"\" and =formula-like\"", csv, StringComparison.Ordinal);
        var createdFrom = listed.First(e => e.Is("secret_created")).Text("sourceIp");
        Assert.False(string.IsNullOrEmpty(createdFrom), "secret_created carries the address it came from");
        Assert.Contains($",secret_created,info,user,{owner.UserId},,{secret},{project},{createdFrom},name: API_KEY;", csv, StringComparison.Ordinal);
        Assert.DoesNotContain("csv-secret-value", csv, StringComparison.Ordinal);

        var filtered = await owner.Client.GetStringAsync("/api/audit/export?action=project_created", Http.Ct);
        Assert.Equal(2, filtered.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Count(l => l.Contains(",project_created,", StringComparison.Ordinal)));
    }
}
