using SikkerKey.Audit.Log;

namespace SikkerKey.Audit.Tests;

public sealed class ChainHashTests
{
    private static AuditEntry Entry(string? actorId, string? machineId) => new()
    {
        Id = Guid.Parse("6f0c0000-0000-0000-0000-000000000001"), VaultId = "vault_a", Position = 1, OccurredAt = DateTimeOffset.UnixEpoch,
        Action = "machine_disabled", Severity = "info", ActorKind = "user", ActorId = actorId, MachineId = machineId,
    };

    [Fact]
    public void Moving_text_between_fields_or_from_null_to_empty_changes_the_hash()
    {
        var hashes = new[] { Entry("ab", null), Entry("a", "b"), Entry("", "ab"), Entry(null, "ab") }.Select(e => ChainHash.Of(ChainHash.Genesis, e)).ToList();

        Assert.Equal(hashes.Count, hashes.Distinct().Count());
    }

    [Fact]
    public void Each_link_depends_on_the_one_before()
    {
        var entry = Entry("a", "b");

        Assert.NotEqual(ChainHash.Of(ChainHash.Genesis, entry), ChainHash.Of(ChainHash.Of(ChainHash.Genesis, entry), entry));
        Assert.Equal(ChainHash.Of(ChainHash.Genesis, entry), ChainHash.Of(ChainHash.Genesis, Entry("a", "b")));
    }
}
