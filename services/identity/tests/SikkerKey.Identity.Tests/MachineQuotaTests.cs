using System.Net;
using SikkerKey.Testing;

namespace SikkerKey.Identity.Tests;

public sealed class SmallQuotaFixture : SystemFixture
{
    protected override IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>(base.Environment)
    {
        ["SikkerKey__Plan__DefaultMachineQuota"] = "3",
    };
}

/// <summary>The plan's machine quota counts every existing machine, disabled ones too, and holds under races.</summary>
public sealed class MachineQuotaTests(SmallQuotaFixture fixture) : IClassFixture<SmallQuotaFixture>
{
    [Fact]
    public async Task The_quota_counts_disabled_machines_and_frees_up_on_delete()
    {
        using var owner = await UserSession.SignUpAsync(fixture.System);
        var project = await TeamTests.CreateProjectAsync(owner, "web");
        var machines = new List<TestMachine>();
        for (var i = 0; i < 3; i++)
            machines.Add(await TestMachine.RegisterAsync(fixture.System, owner, [project]));
        await owner.Client.PostAsync($"/api/machines/{machines[0].Id}/disable", null, Http.Ct);

        var (refused, keys) = await TestMachine.TryRegisterAsync(fixture.System, owner, [project]);
        keys.Dispose();
        Assert.Equal("machine quota reached (3 of 3); delete a machine or raise the plan's quota", await refused.AssertErrorAsync(HttpStatusCode.Conflict));

        await (await owner.Client.DeleteAsync($"/api/machines/{machines[1].Id}", Http.Ct)).AssertOkAsync(HttpStatusCode.NoContent);
        machines.Add(await TestMachine.RegisterAsync(fixture.System, owner, [project]));
        machines.ForEach(m => m.Dispose());
    }

    [Fact]
    public async Task Two_registrations_racing_for_the_last_slot_end_with_exactly_one_machine()
    {
        for (var round = 0; round < 3; round++)
        {
            using var owner = await UserSession.SignUpAsync(fixture.System);
            var project = await TeamTests.CreateProjectAsync(owner, "web");
            using var first = await TestMachine.RegisterAsync(fixture.System, owner, [project]);
            using var second = await TestMachine.RegisterAsync(fixture.System, owner, [project]);

            var racing = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => TestMachine.TryRegisterAsync(fixture.System, owner, [project])));

            Assert.Single(racing, r => r.Response.StatusCode == HttpStatusCode.Created);
            Assert.Equal(3, racing.Count(r => r.Response.StatusCode == HttpStatusCode.Conflict));
            Assert.Equal(3, (await (await owner.Client.GetAsync("/api/machines", Http.Ct)).AssertOkAsync()).GetProperty("machines").GetArrayLength());
            foreach (var (response, keys) in racing)
            {
                response.Dispose();
                keys.Dispose();
            }
        }
    }
}
