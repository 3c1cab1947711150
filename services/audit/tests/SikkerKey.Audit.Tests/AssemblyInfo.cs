using SikkerKey.Audit.Tests;

// One running system for the whole assembly; tests keep apart by signing up vaults of their own.
[assembly: AssemblyFixture(typeof(AuditSystemFixture))]
