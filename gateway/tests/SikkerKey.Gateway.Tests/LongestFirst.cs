using Xunit.Sdk;
using Xunit.v3;

namespace SikkerKey.Gateway.Tests;

/// <summary>
/// Starts the classes that take longest first (measured: the authorization matrix alone ran for minutes, the build/run
/// classes wait on restarts), so the short ones fill the gaps beside them instead of the long ones starting last and
/// running on alone. xUnit's default order is by a hash of each collection's id. Order only: every class still runs.
/// </summary>
public sealed class LongestFirst : ITestCollectionOrderer
{
    private static readonly string[] Longest =
    [
        "AuthorizationMatrixTests", "BuildRunSupervisionTests", "RootKeyRotationStoryTests", "MetricsFlowTests", "MetricsTests",
        "AuthorizationRuleTests", "BuildRunReplicaTests", "TenantIsolationTests", "BuildRunCrashLoopTests", "BuildRunTlsTests",
    ];

    public IReadOnlyCollection<TTestCollection> OrderTestCollections<TTestCollection>(IReadOnlyCollection<TTestCollection> testCollections)
        where TTestCollection : ITestCollection =>
        testCollections.OrderBy(c => Rank(c)).ThenBy(c => c.UniqueID, StringComparer.Ordinal).ToList();

    private static int Rank(ITestCollection collection)
    {
        var name = collection.TestCollectionDisplayName;
        var index = Array.FindIndex(Longest, l => name.Contains("." + l + " ", StringComparison.Ordinal));
        return index < 0 ? Longest.Length : index;
    }
}
