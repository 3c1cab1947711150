using System.Net;
using SikkerKey.Testing;

namespace SikkerKey.Identity.Tests;

/// <summary><c>GET /api/machines</c> a page at a time, with its filters applied by the database before the page is cut.</summary>
public sealed class MachineListPagingTests(SystemFixture fixture)
{
    [Fact]
    public async Task Pages_hold_every_machine_once_by_name_and_filters_apply_before_the_cut()
    {
        using var owner = await UserSession.SignUpAsync(fixture.System);
        var web = await TeamTests.CreateProjectAsync(owner, "web");
        var billing = await TeamTests.CreateProjectAsync(owner, "billing");
        string[] onWeb = ["web-e", "web-a", "web-c", "web-b", "web-d"];
        string[] onBilling = ["bill-1", "bill-2"];
        var machines = new List<TestMachine>();
        foreach (var name in onWeb)
            machines.Add(await TestMachine.RegisterAsync(fixture.System, owner, [web], name));
        foreach (var name in onBilling)
            machines.Add(await TestMachine.RegisterAsync(fixture.System, owner, [billing], name));
        try
        {
            var all = await ReadAllAsync(owner, "/api/machines", 3);
            Assert.Equal([.. onBilling, .. onWeb.Order(StringComparer.Ordinal)], all);
            Assert.Equal(onWeb.Order(StringComparer.Ordinal), await ReadAllAsync(owner, $"/api/machines?projectId={web}", 2));
            Assert.Equal(onBilling, await ReadAllAsync(owner, $"/api/machines?projectId={billing}", 1));

            var whole = await (await owner.Client.GetAsync("/api/machines", Http.Ct)).AssertOkAsync();
            Assert.Equal(machines.Count, whole.GetProperty("machines").GetArrayLength());
            Assert.Equal(System.Text.Json.JsonValueKind.Null, whole.GetProperty("nextCursor").ValueKind);
        }
        finally
        {
            machines.ForEach(m => m.Dispose());
        }
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=501", "limit")]
    [InlineData("limit=1.5", "limit")]
    [InlineData("cursor=%25%25%25", "cursor")]
    [InlineData("cursor=bWFjaGluZXMudjE6", "cursor")]
    public async Task Bad_paging_is_a_clear_400(string query, string named)
    {
        using var owner = await UserSession.SignUpAsync(fixture.System);
        var error = await (await owner.Client.GetAsync($"/api/machines?{query}", Http.Ct)).AssertErrorAsync(HttpStatusCode.BadRequest);
        Assert.Contains(named, error, StringComparison.Ordinal);
    }

    /// <summary>A filter value no machine can have answered 200 with an empty list, as if the vault had no such machine.</summary>
    [Theory]
    [InlineData("status=bogus", "status must be one of approved, disabled, revoked, expired")]
    [InlineData("status=Approved", "status must be one of approved, disabled, revoked, expired")]
    [InlineData("provisionedVia=ftp", "provisionedVia must be docker or manual")]
    [InlineData("projectId=sk_aaaaaaaaaa", "projectId must look like proj_…")]
    [InlineData("ownerId=abc", "ownerId must be a UUID")]
    public async Task A_filter_value_no_machine_can_have_is_a_400_naming_the_valid_ones(string query, string expected)
    {
        using var owner = await UserSession.SignUpAsync(fixture.System);
        var web = await TeamTests.CreateProjectAsync(owner, "web");
        using var machine = await TestMachine.RegisterAsync(fixture.System, owner, [web]);

        var error = await (await owner.Client.GetAsync($"/api/machines?{query}", Http.Ct)).AssertErrorAsync(HttpStatusCode.BadRequest);

        Assert.Equal(expected, error);
        // A blank filter is no filter, as on the audit list (status= matched nothing before).
        var unfiltered = await (await owner.Client.GetAsync("/api/machines?status=&provisionedVia=%20&projectId=", Http.Ct)).AssertOkAsync();
        Assert.Equal([machine.Id.ToString()], unfiltered.GetProperty("machines").EnumerateArray().Select(m => m.GetProperty("id").GetString()));
    }

    private static async Task<List<string>> ReadAllAsync(UserSession user, string path, int limit)
    {
        var names = new List<string>();
        string? cursor = null;
        do
        {
            var separator = path.Contains('?', StringComparison.Ordinal) ? '&' : '?';
            var url = $"{path}{separator}limit={limit}" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}");
            var page = await (await user.Client.GetAsync(url, Http.Ct)).AssertOkAsync();
            var items = page.GetProperty("machines").EnumerateArray().Select(m => m.GetProperty("name").GetString()!).ToList();
            Assert.InRange(items.Count, 1, limit);
            names.AddRange(items);
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);
        return names;
    }
}
