using SikkerKey.Gateway.Tests;

// One running system for the classes that need none of their own; the others keep their own fixtures.
[assembly: AssemblyFixture(typeof(SharedSystemFixture))]
[assembly: TestCollectionOrderer(typeof(LongestFirst))]
