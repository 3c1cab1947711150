using System.Text.Json;
using SikkerKey.Testing;

namespace SikkerKey.Audit.Tests;

/// <summary>Whoever edits or removes an entry in PostgreSQL breaks the vault's hash chain, and verify names the first broken entry.</summary>
public sealed class TamperTests(AuditSystemFixture fixture)
{
    public static TheoryData<string> Tampering => ["edited", "deleted", "newest deleted"];

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
            _ => await TamperAsync("DELETE FROM audit.mt_doc_auditentry WHERE id = @id", chain[^1], chain[^1]),
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

    private static async Task<(bool Valid, long Entries, Guid? FirstBrokenId)> VerifyAsync(UserSession user)
    {
        var body = await (await user.Client.GetAsync("/api/audit/verify", Http.Ct)).AssertOkAsync();
        var broken = body.GetProperty("firstBrokenId");
        return (body.GetProperty("valid").GetBoolean(), body.GetProperty("entries").GetInt64(), broken.ValueKind == JsonValueKind.Null ? null : broken.GetGuid());
    }
}
