using SikkerKey.Testing;

namespace SikkerKey.Gateway.Tests;

/// <summary>
/// The one system the assembly's classes share when they need nothing of their own (AssemblyInfo.cs): each keeps apart
/// by signing up vaults of its own. Starting five processes per class had been a large part of this assembly's time.
/// Room for the machines the authorization matrix provisions, and a lockout that the refused signed requests of every
/// class together (all from 127.0.0.1) cannot reach; the lockout has tests with fixtures of their own (IngressTests,
/// identity's LockoutTests).
/// </summary>
public sealed class SharedSystemFixture : SystemFixture
{
    protected override IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>(base.Environment)
    {
        ["SikkerKey__Plan__DefaultMachineQuota"] = "1000",
        ["SIKKERKEY_AUTH_LOCKOUT_FAILURES"] = "100000",
    };
}
