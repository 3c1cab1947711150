using SikkerKey.Testing;

namespace SikkerKey.Audit.Tests;

public sealed class AuditExportTests(AuditSystemFixture fixture)
{
    [Fact]
    public async Task The_export_is_the_filtered_log_as_csv_newest_first()
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
        Assert.Equal("id,timestamp,action,severity,actorKind,actorId,machineId,secretId,projectId,sourceIp,detail", lines[0]);
        Assert.Equal(listed.Select(e => e.Text("id")), lines.Skip(1).Select(l => l.Split(',')[0]));
        Assert.Contains("\"name: web, \"\"quoted\"\" and =formula-like\"", csv, StringComparison.Ordinal);
        Assert.Contains($",secret_created,info,user,{owner.UserId},,{secret},{project},,name: API_KEY;", csv, StringComparison.Ordinal);
        Assert.DoesNotContain("csv-secret-value", csv, StringComparison.Ordinal);

        var filtered = await owner.Client.GetStringAsync("/api/audit/export?action=project_created", Http.Ct);
        Assert.Equal(3, filtered.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
    }
}
