using System.Diagnostics;
using NSec.Cryptography;
using SikkerKey.Audit.Chain;
using SikkerKey.Testing;

namespace SikkerKey.Audit.Tests;

/// <summary>
/// An auditor checks an export on their own workstation with nothing but the file and the audit public key: an
/// untouched export is intact up to its signed checkpoint; a changed cell, a deleted row, two swapped rows, or a
/// checkpoint re-signed with another key each fail, naming what is wrong.
/// </summary>
public sealed class OfflineVerificationTests(AuditSystemFixture fixture)
{
    [Fact]
    public async Task The_public_key_is_the_configured_audit_keys()
    {
        using var owner = await UserSession.SignUpAsync(fixture.System);
        var served = await (await owner.Client.GetAsync("/api/audit/public-key", Http.Ct)).AssertOkAsync();

        using var configured = Key.Import(SignatureAlgorithm.Ed25519, Convert.FromBase64String(fixture.System.AuditKey), KeyBlobFormat.RawPrivateKey);
        Assert.Equal("Ed25519", served.GetProperty("algorithm").GetString());
        Assert.Equal(AuditPublicKey.ToBase64(configured.PublicKey), served.GetProperty("publicKey").GetString());
        Assert.Equal(configured.PublicKey, AuditPublicKey.Parse(served.GetProperty("publicKeyPem").GetString()!));
        Assert.DoesNotContain(fixture.System.AuditKey, served.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_untouched_export_verifies_offline_and_every_tampering_fails()
    {
        using var owner = await UserSession.SignUpAsync(fixture.System);
        foreach (var name in new[] { "web, \"quoted\"", "=formula-like", "'already quoted" })
            await owner.CreateProjectAsync(name);
        await Eventually.MatchAsync(() => owner.EntriesAsync(), e => e.Count == 5, AuditLog.Patience, "vault, owner and three projects");
        var csv = await Eventually.MatchAsync(() => owner.Client.GetStringAsync("/api/audit/export", Http.Ct),
            text => CheckpointPosition(text) == 5, AuditLog.Patience, "a checkpoint covering all five entries");
        var publicKey = AuditPublicKey.Parse((await (await owner.Client.GetAsync("/api/audit/public-key", Http.Ct)).AssertOkAsync()).GetProperty("publicKey").GetString()!)!;
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(AuditCsv.HeaderLine.TrimEnd(), lines[0]);
        Assert.Equal(7, lines.Length);

        var intact = Verify(csv, publicKey);
        Assert.True(intact.Intact, intact.Message);
        Assert.StartsWith("intact: 5 entries up to ", intact.Message, StringComparison.Ordinal);

        var changed = Verify(csv.Replace("name: =formula-like", "name: =formula-lik3", StringComparison.Ordinal), publicKey);
        // Identity's and secrets' facts reach the log in the order their services forward them, so find the row.
        var row = Array.FindIndex(lines, l => l.Contains("name: =formula-like", StringComparison.Ordinal));
        Assert.Contains($"row {row} (position {row}", changed.Message, StringComparison.Ordinal);
        Assert.Contains("altered", changed.Message, StringComparison.Ordinal);
        Assert.Contains("missing", Verify(Join(lines.Where((_, i) => i != 3)), publicKey).Message, StringComparison.Ordinal);
        Assert.Contains("out of order", Verify(Join([lines[0], lines[1], lines[3], lines[2], .. lines[4..]]), publicKey).Message, StringComparison.Ordinal);
        using var otherKey = Key.Create(SignatureAlgorithm.Ed25519);
        var original = CheckpointOf(lines[^1]);
        var resigned = SikkerKey.Audit.Chain.Checkpoint.Message(original.Chain, original.Position, original.Hash, original.SignedAt);
        var forged = AuditCsv.CheckpointLine(original with { Signature = Convert.ToBase64String(SignatureAlgorithm.Ed25519.Sign(otherKey, resigned)) });
        Assert.Contains("not signed by this public key", Verify(Join([.. lines[..^1], forged.TrimEnd()]), publicKey).Message, StringComparison.Ordinal);
        Assert.False(changed.Intact);

        // The same checks through the tool the README names, as an auditor runs it: exit code 0 or 1.
        var folder = Directory.CreateTempSubdirectory("sikkerkey-audit-export-");
        try
        {
            File.WriteAllText(Path.Combine(folder.FullName, "audit.csv"), csv);
            File.WriteAllText(Path.Combine(folder.FullName, "tampered.csv"), Join(lines.Where((_, i) => i != 3)));
            File.WriteAllText(Path.Combine(folder.FullName, "audit.pub"), AuditPublicKey.ToPem(publicKey));
            var (ok, okOutput) = await RunToolAsync(folder.FullName, "audit.csv", "audit.pub");
            Assert.Equal(0, ok);
            Assert.StartsWith("intact: 5 entries up to ", okOutput, StringComparison.Ordinal);
            Assert.Equal(1, (await RunToolAsync(folder.FullName, "tampered.csv", AuditPublicKey.ToBase64(publicKey))).ExitCode);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static ExportVerifier.Result Verify(string csv, PublicKey key) => ExportVerifier.Verify(new StringReader(csv), key);

    private static string Join(IEnumerable<string> lines) => string.Join("\r\n", lines) + "\r\n";

    private static Checkpoint CheckpointOf(string line)
    {
        var cells = AuditCsv.ReadRecord(new StringReader(line))!.Select(c => AuditCsv.Unescape(c) ?? "").ToList();
        return new Checkpoint(cells[2], long.Parse(cells[3], System.Globalization.CultureInfo.InvariantCulture), cells[4],
            DateTimeOffset.Parse(cells[1], System.Globalization.CultureInfo.InvariantCulture), cells[5]);
    }

    private static long? CheckpointPosition(string csv)
    {
        var last = csv.TrimEnd().Split("\r\n")[^1];
        return last.StartsWith("checkpoint,", StringComparison.Ordinal) ? CheckpointOf(last).Position : null;
    }

    private static async Task<(int ExitCode, string Output)> RunToolAsync(string folder, string file, string key)
    {
        var tool = RepositoryRoot.Combine("services", "audit", "src", "SikkerKey.Audit.Verify", "bin", "Debug", "net10.0", "sikkerkey-audit-verify.dll");
        using var process = Process.Start(new ProcessStartInfo("dotnet", [tool, file, "--public-key", key])
        {
            WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true,
        })!;
        var output = await process.StandardOutput.ReadToEndAsync(Http.Ct);
        await process.StandardError.ReadToEndAsync(Http.Ct);
        await process.WaitForExitAsync(Http.Ct);
        return (process.ExitCode, output);
    }
}
