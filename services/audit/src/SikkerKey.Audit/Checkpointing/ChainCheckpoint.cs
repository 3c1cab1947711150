using System.Globalization;
using SikkerKey.Audit.Chain;

namespace SikkerKey.Audit.Checkpointing;

/// <summary>A signed checkpoint of one chain at one position, kept for as long as the entry it names.</summary>
public sealed class ChainCheckpoint
{
    public string Id { get; set; } = "";
    public string Chain { get; set; } = "";
    public long Position { get; set; }
    public string Hash { get; set; } = "";
    public DateTimeOffset SignedAt { get; set; }
    public string Signature { get; set; } = "";

    public static string IdOf(string chain, long position) => string.Create(CultureInfo.InvariantCulture, $"{chain}/{position:D19}");

    public static ChainCheckpoint Of(Checkpoint checkpoint) => new()
    {
        Id = IdOf(checkpoint.Chain, checkpoint.Position), Chain = checkpoint.Chain, Position = checkpoint.Position, Hash = checkpoint.Hash,
        SignedAt = checkpoint.SignedAt, Signature = checkpoint.Signature,
    };

    public Checkpoint ToCheckpoint() => new(Chain, Position, Hash, SignedAt, Signature);
}

/// <summary>The newest checkpoint of a chain, so the signer finds which heads moved with one read. Its id is the chain.</summary>
public sealed class SignedHead
{
    public string Id { get; set; } = "";
    public long Position { get; set; }
    public string Hash { get; set; } = "";
}
