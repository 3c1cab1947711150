using System.Reflection;
using MassTransit;
using SikkerKey.Contracts;
using SikkerKey.Contracts.Projects;
using SikkerKey.ServiceDefaults.Auth;
using SikkerKey.Testing;

namespace SikkerKey.Audit.Tests;

/// <summary>A contract the audit service has never seen, with fields of shapes no contract has yet.</summary>
public sealed record OddlyShapedFact(string? VaultId, Dictionary<string, object?> Nested, double Ratio, long[] Counts, Guid RaisedBy, DateTimeOffset RaisedAt) : IIntegrationEvent;

/// <summary>
/// No fact can stop the audit log: every contract, with every field null, empty or extreme (huge text, NUL, unpaired
/// surrogates, formula starts, the first and last representable times), goes through the real bus, recorder and
/// projection and becomes an entry (the ancient ones then leave again by retention); a normal fact published after all
/// of them is queryable as usual.
/// </summary>
public sealed class FactTotalityTests(AuditSystemFixture fixture)
{
    private static readonly string Huge = new string('x', 20_000) + "\0\uD800=cmd|' /C calc'!A0\"\r\n,\uDC00";

    /// <summary><see cref="Ancient"/>: every time the first representable one, so retention removes those entries again at once.</summary>
    public enum Shape { Nulls, Empties, Extremes, Ancient }

    [Fact]
    public async Task Every_contract_with_nulls_empties_and_extremes_is_recorded_and_the_log_carries_on()
    {
        var contracts = typeof(IIntegrationEvent).Assembly.GetTypes()
            .Where(t => t.IsClass && !t.IsAbstract && typeof(IIntegrationEvent).IsAssignableFrom(t)).Append(typeof(OddlyShapedFact)).ToList();
        await using var bus = await TestBus.StartAsync(fixture.Infrastructure.RabbitMq);
        var published = new Dictionary<Guid, string>();
        foreach (var shape in Enum.GetValues<Shape>())
            foreach (var contract in contracts)
            {
                var id = NewId.NextGuid();
                await bus.PublishAsync(Instance(contract, shape), id);
                published[id] = $"{contract.Name} with {shape}";
            }

        var vaultId = "vault_" + Guid.NewGuid().ToString("N")[..12];
        var normal = NewId.NextGuid();
        await bus.PublishAsync(new ProjectCreated("proj_afterodd1", vaultId, "after the odd ones", Guid.NewGuid(), DateTimeOffset.UtcNow), normal);

        var auditor = new Principal(PrincipalKind.User, Guid.NewGuid().ToString(), vaultId, Roles.Auditor);
        var listed = await Eventually.MatchAsync(() => fixture.System.ReadFromReplicaAsync(fixture.System.Replicas("audit")[0], auditor, "/api/audit"),
            page => page.GetProperty("entries").GetArrayLength() == 1, AuditLog.Patience, "the normal fact after the odd ones");
        Assert.Equal(normal, listed.GetProperty("entries")[0].GetProperty("id").GetGuid());
        var recorded = await fixture.Infrastructure.QueryAsync<Guid>("SELECT id FROM audit.mt_doc_auditentry WHERE id = ANY(@ids)", ("ids", published.Keys.ToArray()));
        var missing = published.Where(p => !recorded.Contains(p.Key) && !p.Value.EndsWith(nameof(Shape.Ancient), StringComparison.Ordinal)).Select(p => p.Value).ToList();
        Assert.True(missing.Count == 0, $"not recorded: {string.Join(", ", missing)}\n{fixture.System.Describe()}");
        using var admin = await fixture.AdminAsync();
        var verified = await (await admin.Client.GetAsync("/api/audit/verify?chain=system", Http.Ct)).AssertOkAsync();
        Assert.True(verified.GetProperty("valid").GetBoolean(), verified.GetRawText());
    }

    private static object Instance(Type contract, Shape shape)
    {
        var constructor = contract.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First();
        return constructor.Invoke(constructor.GetParameters().Select(p => Value(p.ParameterType, shape)).ToArray());
    }

    private static System.Collections.IList ListOf(Type element, int count, Shape shape)
    {
        var list = (System.Collections.IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(element))!;
        for (var i = 0; i < count; i++)
            list.Add(Instance(element, shape));
        return list;
    }

    private static object? Value(Type type, Shape shape) => (Nullable.GetUnderlyingType(type), shape) switch
    {
        (not null, Shape.Nulls) => null,
        ({ } inner, _) => Value(inner, shape),
        _ when type == typeof(string) => shape switch { Shape.Nulls => null, Shape.Empties => "", _ => Huge },
        _ when type == typeof(Guid) => shape == Shape.Extremes ? Guid.AllBitsSet : Guid.Empty,
        _ when type == typeof(DateTimeOffset) => shape switch { Shape.Ancient => DateTimeOffset.MinValue, Shape.Extremes => DateTimeOffset.MaxValue, _ => DateTimeOffset.UtcNow },
        _ when shape == Shape.Ancient => Value(type, Shape.Extremes),
        _ when type == typeof(int) => shape == Shape.Extremes ? int.MinValue : 0,
        _ when type == typeof(long) => shape == Shape.Extremes ? long.MaxValue : 0L,
        _ when type == typeof(double) => shape == Shape.Extremes ? double.MaxValue : 0d,
        _ when type == typeof(bool) => shape == Shape.Extremes,
        _ when type == typeof(long[]) => shape switch { Shape.Nulls => null, Shape.Empties => Array.Empty<long>(), _ => Enumerable.Repeat(long.MinValue, 10_000).ToArray() },
        _ when type.IsAssignableFrom(typeof(string[])) => shape switch { Shape.Nulls => null, Shape.Empties => Array.Empty<string>(), _ => Enumerable.Repeat(Huge[..500], 1_000).ToArray() },
        _ when type == typeof(Dictionary<string, object?>) => shape switch
        {
            Shape.Nulls => null,
            Shape.Empties => new Dictionary<string, object?>(),
            _ => new Dictionary<string, object?> { ["deep"] = new Dictionary<string, object?> { ["deeper"] = new[] { Huge } }, ["nothing"] = null },
        },
        // A batch contract's list (an export's SecretsRead): absent, empty, or three elements of the same shape.
        _ when type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyList<>) => shape switch
        {
            Shape.Nulls => null,
            _ => ListOf(type.GetGenericArguments()[0], shape == Shape.Empties ? 0 : 3, shape),
        },
        _ when type.IsValueType => Activator.CreateInstance(type),
        _ => throw new InvalidOperationException($"no {shape} value for {type} yet: teach this test the new field type"),
    };
}
