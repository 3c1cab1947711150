using System.IO.Compression;
using System.Net;
using System.Text;
using Npgsql;
using SikkerKey.Testing;

namespace SikkerKey.Provisioning.Tests;

/// <summary>
/// "Deleted" as a forensic reviewer checks it (issue 21): after a download, the checkpointed table files, the WAL
/// and the planner statistics of the database hold the machine's private key in no encoding.
/// </summary>
public sealed class BundleKeyForensicsTests(SystemFixture fixture)
{
    [Fact]
    public async Task A_downloaded_private_key_is_in_no_table_file_wal_segment_or_statistic()
    {
        using var owner = await UserSession.SignUpAsync(fixture.System);
        var project = await DockerProvisioningTests.CreateAsync(owner, "/api/projects", new { name = "web" });
        await DockerProvisioningTests.CreateAsync(owner, $"/api/projects/{project}/secrets", new { name = "token", value = "t" });
        var needles = new List<byte[]>();
        for (var i = 0; i < 3; i++)
        {
            var provisioned = await (await owner.Client.PostJsonAsync("/api/integrations/docker/containers", new { projectId = project, allSecrets = true }))
                .AssertOkAsync(HttpStatusCode.Created);
            using var download = await owner.Client.GetAsync(provisioned.GetProperty("downloadUrl").GetString()!, Http.Ct);
            Assert.Equal(HttpStatusCode.OK, download.StatusCode);
            needles.AddRange(EncodingsOf(PrivatePem(await download.Content.ReadAsByteArrayAsync(Http.Ct))));
        }

        await using var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(fixture.Infrastructure.Servers.Postgres) { Database = fixture.Infrastructure.Name }.ConnectionString);
        await admin.OpenAsync(Http.Ct);
        await ExecuteAsync(admin, "ANALYZE");
        await ExecuteAsync(admin, "CHECKPOINT");
        var statistics = await ScalarAsync(admin,
            "SELECT coalesce(string_agg(concat_ws(' ', most_common_vals::text, histogram_bounds::text), ' '), '') FROM pg_stats");
        var dataDirectory = await ScalarAsync(admin, "SHOW data_directory");
        var databaseOid = await ScalarAsync(admin, "SELECT oid::text FROM pg_database WHERE datname = current_database()");
        Assert.DoesNotContain("sealedbundle", await ScalarAsync(admin, "SELECT coalesce(string_agg(tablename, ' '), '') FROM pg_tables"), StringComparison.Ordinal);

        var files = Directory.GetFiles(Path.Combine(dataDirectory, "base", databaseOid)).Concat(Directory.GetFiles(Path.Combine(dataDirectory, "pg_wal"))).ToList();
        Assert.True(files.Count > 10, $"only {files.Count} files searched in {dataDirectory}");
        var found = new List<string>();
        foreach (var file in files)
        {
            var bytes = await File.ReadAllBytesAsync(file, Http.Ct);
            found.AddRange(needles.Where(n => bytes.AsSpan().IndexOf(n) >= 0).Select(_ => file));
        }
        found.AddRange(needles.Where(n => statistics.Contains(Encoding.ASCII.GetString(n), StringComparison.Ordinal)).Select(_ => "pg_stats"));
        Assert.True(found.Count == 0, "private key material found in: " + string.Join(", ", found.Distinct()));
    }

    private static byte[] PrivatePem(byte[] zip)
    {
        using var archive = new ZipArchive(new MemoryStream(zip));
        using var pem = new StreamReader(archive.GetEntry("private.pem")!.Open());
        return Encoding.ASCII.GetBytes(pem.ReadToEnd());
    }

    /// <summary>The 32-byte Ed25519 seed raw, in hex and base64, the PKCS#8 DER, and the PEM's base64 body.</summary>
    private static IEnumerable<byte[]> EncodingsOf(byte[] pem)
    {
        var body = string.Concat(Encoding.ASCII.GetString(pem).Split('\n').Where(l => l.Length > 0 && !l.StartsWith("-----", StringComparison.Ordinal)));
        var der = Convert.FromBase64String(body);
        var seed = der[^32..];
        return [seed, der, Encoding.ASCII.GetBytes(body), Encoding.ASCII.GetBytes(Convert.ToHexStringLower(seed)),
            Encoding.ASCII.GetBytes(Convert.ToHexString(seed)), Encoding.ASCII.GetBytes(Convert.ToBase64String(seed).TrimEnd('='))];
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(Http.Ct);
    }

    private static async Task<string> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (string)(await command.ExecuteScalarAsync(Http.Ct))!;
    }
}
