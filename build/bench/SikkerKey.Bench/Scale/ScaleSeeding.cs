using SikkerKey.Testing;

namespace SikkerKey.Bench.Scale;

/// <summary>What the scale bench measures against, made through the public and internal APIs as the tests make it, many requests at once.</summary>
internal static class ScaleSeeding
{
    private const int Parallel = 16;

    public sealed record Project(string Id, IReadOnlyList<string> SecretIds);

    public static async Task<Project> ProjectAsync(UserSession owner, int secrets)
    {
        var project = await BenchSystem.CreateAsync(owner, "/api/projects", new { name = $"scale-{secrets}-{Guid.NewGuid():N}"[..20] });
        var ids = await InParallelAsync(secrets, i => BenchSystem.CreateAsync(owner, $"/api/projects/{project}/secrets",
            new { name = $"SECRET_{i:D5}", value = $"postgres://user{i}:password{i}@db.internal:5432/app{i}" }));
        return new Project(project, ids);
    }

    /// <summary>A machine of the owner's granted every secret of the project, as a provisioning with all secrets would.</summary>
    public static async Task<TestMachine> MachineForAsync(SikkerKeySystem system, UserSession owner, Project project)
    {
        var machine = await TestMachine.RegisterAsync(system, owner, [project.Id]);
        await machine.GrantAsync(system, owner, project.Id, [.. project.SecretIds]);
        return machine;
    }

    /// <summary>A new vault holding <paramref name="machines"/> machines on one project; returns its owner.</summary>
    public static async Task<UserSession> VaultWithMachinesAsync(SikkerKeySystem system, int machines)
    {
        var owner = await UserSession.SignUpAsync(system, $"Machines {machines}");
        var project = await BenchSystem.CreateAsync(owner, "/api/projects", new { name = "fleet" });
        var registered = await InParallelAsync(machines, _ => TestMachine.RegisterAsync(system, owner, [project]));
        foreach (var machine in registered)
            machine.Dispose();
        return owner;
    }

    private static async Task<T[]> InParallelAsync<T>(int count, Func<int, Task<T>> create)
    {
        using var gate = new SemaphoreSlim(Parallel);
        return await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                return await create(i);
            }
            finally
            {
                gate.Release();
            }
        }));
    }
}
