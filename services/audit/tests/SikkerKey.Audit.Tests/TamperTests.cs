using System.Text.Json;
using SikkerKey.Audit.Log;
using SikkerKey.Testing;

namespace SikkerKey.Audit.Tests;

/// <summary>
/// Whoever edits or removes an entry in PostgreSQL breaks the vault's hash chain, and verify names the first broken entry,
/// even when they recompute every later hash exactly as the service does: without the audit key they cannot reseal them.
/// </summary>
public sealed class TamperTests(AuditSystemFixture fixture)
{
    public static TheoryData<string> Tampering => ["edited", "deleted", "newest deleted", "rewritten with every later hash recomputed"];

    [Theory]
    [MemberData(nameof(Tampering))]
    public async Task Verify_names_the_first_entry_that_no_longer_chains(string tampering)
    {
        using var owner = await UserSession.SignUpAsync(fixture.System);
        using var bystander = await UserSession.SignUpAsync(fixture.System);
        for (var i = 0; i < 3; i++)
            await owner.CreateProjectAsync($"p{i}");
        await Eventually.MatchAsync(() => owner.EntriesAsync(), e => e.Count == 5, AuditLog.Patience, "vault, owner and three projects");
        var chain = await fixture.Infrastructure.ChainAsync(owner.VaultId);
        Assert.Equal((true, 5, null), await VerifyAsync(owner));

        var expectedBroken = tampering switch
        {
            "edited" => await TamperAsync("UPDATE audit.mt_doc_auditentry SET data = jsonb_set(data, '{Detail}', '\"name: nothing to see\"') WHERE id = @id", chain[2], chain[2]),
            "deleted" => await TamperAsync("DELETE FROM audit.mt_doc_auditentry WHERE id = @id", chain[2], chain[3]),
            "newest deleted" => await TamperAsync("DELETE FROM audit.mt_doc_auditentry WHERE id = @id", chain[^1], chain[^1]),
            _ => await RewriteAsync(owner.VaultId, chain[2]),
        };

        var (valid, _, firstBroken) = await VerifyAsync(owner);
        Assert.False(valid);
        Assert.Equal(expectedBroken, firstBroken);
        Assert.True((await VerifyAsync(bystander)).Valid);
    }

    private async Task<Guid> TamperAsync(string sql, Guid target, Guid expectedBroken)
    {
        Assert.Equal(1, await fixture.Infrastructure.ExecuteAsync(sql, ("id", target)));
        return expectedBroken;
    }

    /// <summary>Changes one entry's detail, then recomputes its hash and every later one, and the head, as the service would.</summary>
    private async Task<Guid> RewriteAsync(string vaultId, Guid target)
    {
        var entries = (await fixture.Infrastructure.QueryAsync<string>(
                "SELECT data::text FROM audit.mt_doc_auditentry WHERE vault_id = @vault ORDER BY position", ("vault", vaultId)))
            .Select(json => JsonSerializer.Deserialize<AuditEntry>(json)!).ToList();
        var previous = entries[0].PreviousHash;
        foreach (var entry in entries)
        {
            if (entry.Id == target)
                entry.Detail = "name: nothing to see";
            entry.PreviousHash = previous;
            entry.Hash = previous = ChainHash.Of(previous, entry);
            await fixture.Infrastructure.ExecuteAsync("UPDATE audit.mt_doc_auditentry SET data = @data::jsonb WHERE id = @id",
                ("data", JsonSerializer.Serialize(entry)), ("id", entry.Id));
        }
        await fixture.Infrastructure.ExecuteAsync("UPDATE audit.mt_doc_chainhead SET data = jsonb_set(data, '{Hash}', to_jsonb(@hash::text)) WHERE id = @vault",
            ("hash", previous), ("vault", vaultId));
        return target;
    }

    private static async Task<(bool Valid, long Entries, Guid? FirstBrokenId)> VerifyAsync(UserSession user)
    {
        var body = await (await user.Client.GetAsync("/api/audit/verify", Http.Ct)).AssertOkAsync();
        var broken = body.GetProperty("firstBrokenId");
        return (body.GetProperty("valid").GetBoolean(), body.GetProperty("entries").GetInt64(), broken.ValueKind == JsonValueKind.Null ? null : broken.GetGuid());
    }
}
