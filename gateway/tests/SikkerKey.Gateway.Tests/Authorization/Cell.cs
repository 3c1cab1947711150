using System.Text.Json;

namespace SikkerKey.Gateway.Tests.Authorization;

/// <summary>One request of the matrix: an actor calling a row with one slot varied (or none) and the status the rules demand.</summary>
public sealed record Cell(Row Row, Actor Actor, Slot? Varied, Variant Variant)
{
    public override string ToString() => $"{Actor} {Row.Key} [{Varied?.Name ?? "all own"}: {Variant}]";

    public static IEnumerable<Cell> All()
    {
        foreach (var row in Matrix.Rows)
            foreach (var actor in Enum.GetValues<Actor>())
            {
                if (row.MachinePlane != (actor == Actor.Machine) && actor is not (Actor.Owner or Actor.Removed))
                    continue;
                yield return new Cell(row, actor, null, Variant.Own);
                // Refused before any id is read (wrong plane, removed, another vault): the other variants add nothing.
                if (actor is Actor.Removed or Actor.OtherVaultOwner || row.MachinePlane != (actor == Actor.Machine))
                    continue;
                foreach (var slot in row.Slots)
                    foreach (var variant in slot.Variants.Where(v => v != Variant.Own))
                        yield return new Cell(row, actor, slot, variant);
            }
    }

    /// <summary>The status the rules demand, in the order the system checks: plane and session, route, role, id shape, then the row's rule.</summary>
    public int Expected()
    {
        if (Row.MachinePlane ? Actor != Actor.Machine : Actor is Actor.Removed or Actor.Machine)
            return 401;
        if (Varied is { GuidRoute: true } && IsMisshapen)
            return 404;
        if (!Row.Gate(Actor))
            return 403;
        if (Actor == Actor.OtherVaultOwner)
            return Row.Slots.Length == 0 ? Row.Expect(Actor, null, Variant.Own)!.Value : 404;
        return Row.Expect(Actor, Varied, Variant) ?? (Varied!.InBody ? 400 : 404);
    }

    public bool IsMisshapen => Variant is Variant.Null or Variant.Duplicate or Variant.WrongKind or Variant.Malformed or Variant.VeryLong;

    /// <summary>The value of <paramref name="slot"/> in this cell: the shared resource named by <paramref name="own"/> unless it is the varied one.</summary>
    public string? Value(Slot slot, World world, string own)
    {
        var variant = slot == Varied ? Variant : Variant.Own;
        return variant switch
        {
            Variant.Own => own,
            Variant.OtherProject => world[slot.Kind switch { IdKind.Project => "P2", IdKind.Secret => "S2", IdKind.Machine => "M2", IdKind.Bundle => "B2", _ => "T" }],
            Variant.OtherVault => world[slot.Kind switch { IdKind.Project => "PB", IdKind.Secret => "SB", IdKind.Machine => "MB", IdKind.Bundle => "BB", _ => "UB" }],
            Variant.Null => null,
            Variant.WrongKind => slot.Kind == IdKind.Secret ? world["P1"] : world["S1"],
            Variant.Malformed => slot.Kind == IdKind.Project ? "proj_BAD!!id" : slot.Kind == IdKind.Secret ? "sk_BAD!!id" : "not-an-id",
            Variant.VeryLong => (slot.Kind == IdKind.Project ? "proj_" : "sk_") + new string('a', 5000),
            _ => own,
        };
    }

    /// <summary>A body slot as JSON: a list holds the value (a null beside the own id, like the reported exploit; a duplicate twice).</summary>
    public string Json(Slot slot, string? value, string own) => !slot.List ? JsonSerializer.Serialize(value)
        : (slot == Varied ? Variant : Variant.Own) switch
        {
            Variant.Null => JsonSerializer.Serialize(new[] { null, own }),
            Variant.Duplicate => JsonSerializer.Serialize(new[] { own, own }),
            _ => JsonSerializer.Serialize(new[] { value }),
        };
}
