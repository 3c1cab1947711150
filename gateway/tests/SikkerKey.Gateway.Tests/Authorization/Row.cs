namespace SikkerKey.Gateway.Tests.Authorization;

public enum IdKind { Project, Secret, Machine, User, Bundle }

/// <summary>One id a request carries: in the path (<c>{name}</c> in the route) or in the body (<c>$name</c> in the body template).</summary>
public sealed record Slot(string Name, IdKind Kind, bool InBody = false, bool List = false)
{
    /// <summary>Guid route constraints: a path id of another shape matches no route at all.</summary>
    public bool GuidRoute => !InBody && Kind is IdKind.Machine or IdKind.User or IdKind.Bundle;

    public IEnumerable<Variant> Variants => Enum.GetValues<Variant>()
        .Where(v => (v != Variant.Duplicate || List) && (v != Variant.OtherProject || Kind != IdKind.User));
}

/// <summary>
/// One endpoint of the route table. <see cref="Gate"/> is the role check of its route group (refused with 403 before
/// any id is looked at); <see cref="Expect"/> gives the status for a valid actor and an id variant (the varied slot, or
/// null when every slot is the caller's own), or null where the generic rule decides (ids of the wrong shape: 404 in
/// the path, 400 in the body).
/// </summary>
public sealed record Row(string Method, string Route, string? Body, Slot[] Slots, Func<Actor, bool> Gate,
    Func<Actor, Slot?, Variant, int?> Expect, bool Mutates)
{
    /// <summary>Success destroys or changes its target, so a success cell gets fresh resources of its own (creation rows keep the shared ones).</summary>
    public bool FreshOnSuccess => Mutates && !(Method == "POST" && (Slots.All(s => s.InBody) || Route.EndsWith("/secrets", StringComparison.Ordinal)));

    public bool MachinePlane => Route.StartsWith("/v1", StringComparison.Ordinal);

    public string Key => $"{Method} {Route}";
}
