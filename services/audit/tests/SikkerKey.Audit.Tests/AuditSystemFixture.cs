using SikkerKey.Testing;

namespace SikkerKey.Audit.Tests;

/// <summary>The whole system, with the retention sweeper looking every second so retention tests need not wait an hour.</summary>
public sealed class AuditSystemFixture : SystemFixture
{
    protected override IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>(base.Environment)
    {
        ["SikkerKey__Audit__SweepInterval"] = "00:00:01",
    };
}
