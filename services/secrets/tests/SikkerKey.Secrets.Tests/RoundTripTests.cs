using System.Net;
using System.Security.Cryptography;
using SikkerKey.Testing;

namespace SikkerKey.Secrets.Tests;

/// <summary>
/// Issue 22: what a request costs must grow with what changed, not with what exists. Counted, not timed: the
/// database commands (Npgsql spans, one per round trip, batches included) the secrets service sends for one request,
/// followed through the processes by a trace id the test picks. A poll, an export or a list of 400 secrets must send
/// exactly as many as the same request about 10; so must a page of the dashboard's lists, however deep.
/// </summary>
[Collection(OwnSystemCollection.Name)]
public sealed class RoundTripTests(OwnSystemFixture fixture)
{
    [Fact]
    public async Task Poll_export_and_lists_send_as_many_database_commands_for_400_secrets_as_for_10()
    {
        using var owner = await UserSession.SignUpAsync(fixture.System);
        var small = await Seeded.ProjectAsync(owner, 10);
        var large = await Seeded.ProjectAsync(owner, 400);
        using var machine = await TestMachine.RegisterAsync(fixture.System, owner, [small.Id, large.Id]);
        await machine.GrantAsync(fixture.System, owner, small.Id, [.. small.SecretIds]);
        await machine.GrantAsync(fixture.System, owner, large.Id, [.. large.SecretIds]);

        var costs = new List<(string Request, int Small, int Large)>();
        async Task MeasureAsync(string request, Func<Seeded, HttpRequestMessage> build) =>
            costs.Add((request, await CommandsAsync(build(small)), await CommandsAsync(build(large))));
        HttpRequestMessage Poll(Seeded project) => machine.SignedRequest(HttpMethod.Post, "/v1/secrets/poll", Seeded.WatchBody(project.SecretIds));

        await MeasureAsync("first poll (records every version)", Poll);
        await MeasureAsync("unchanged poll", Poll);
        await MeasureAsync("unchanged poll again", Poll);
        foreach (var project in new[] { small, large })
        {
            await (await owner.Client.PutJsonAsync($"/api/secrets/{project.SecretIds[0]}", new { value = "changed" })).AssertOkAsync();
            // Ungranted rather than trashed: the trash of this shared system is TrashPurgeTests' to count.
            await (await owner.Client.DeleteAsync($"/api/secrets/{project.SecretIds[1]}/grants/{machine.Id}", Http.Ct)).AssertOkAsync(HttpStatusCode.NoContent);
        }
        await MeasureAsync("poll with a change and an ungranted secret", Poll);
        await MeasureAsync("export of a project", p => machine.SignedRequest(HttpMethod.Post, "/v1/secrets/export", $"{{\"projectId\":\"{p.Id}\"}}"));
        await MeasureAsync("machine list of a project", p => machine.SignedRequest(HttpMethod.Post, "/v1/secrets/list", $"{{\"projectId\":\"{p.Id}\"}}"));
        await MeasureAsync("dashboard list of a project", p => AsUser(owner, $"/api/projects/{p.Id}/secrets"));
        // Small and large alike: the project holds at least this many, so the large one is a page deep inside its list.
        var after = new Dictionary<Seeded, string>
        {
            [small] = await CursorAfterAsync(owner, $"/api/projects/{small.Id}/secrets", 5),
            [large] = await CursorAfterAsync(owner, $"/api/projects/{large.Id}/secrets", 300),
        };
        await MeasureAsync("dashboard list, a page from a cursor", p => AsUser(owner, $"/api/projects/{p.Id}/secrets?limit=5&cursor={Uri.EscapeDataString(after[p])}"));
        await MeasureAsync("dashboard trash of a project", p => AsUser(owner, $"/api/projects/{p.Id}/secrets?trash=true"));

        // The official CLI's list is of every granted secret, not of a project: one machine granted 10, one granted 400.
        using var few = await TestMachine.RegisterAsync(fixture.System, owner, [small.Id]);
        using var many = await TestMachine.RegisterAsync(fixture.System, owner, [large.Id]);
        await few.GrantAsync(fixture.System, owner, small.Id, [.. small.SecretIds]);
        await many.GrantAsync(fixture.System, owner, large.Id, [.. large.SecretIds]);
        foreach (var path in new[] { "/v1/cli/secrets", "/v1/cli/projects" })
        {
            costs.Add(($"CLI list {path}", await CommandsAsync(few.SignedRequest(HttpMethod.Get, path)), await CommandsAsync(many.SignedRequest(HttpMethod.Get, path))));
            costs.Add(($"CLI list {path} again", await CommandsAsync(few.SignedRequest(HttpMethod.Get, path)), await CommandsAsync(many.SignedRequest(HttpMethod.Get, path))));
        }

        Assert.All(costs, cost => Assert.True(cost.Small > 0, $"{cost.Request}: no command counted, so the count proves nothing"));
        Assert.True(costs.All(c => c.Small == c.Large),
            "database commands for 10 secrets / for 400:\n" + string.Join("\n", costs.Select(c => $"{c.Request}: {c.Small} / {c.Large}")));
        // Nothing written since the last poll computed its answer: that answer again, in one lookup.
        Assert.Equal((1, 1), costs.Where(c => c.Request == "unchanged poll again").Select(c => (c.Small, c.Large)).Single());
        // Nor since the CLI's last list: the rendered list again after one lookup of the vault's generation, which is
        // less than rendering it took (that lookup and the listing's statement), so the kept copy is what answered.
        foreach (var path in new[] { "/v1/cli/secrets", "/v1/cli/projects" })
        {
            var rendered = costs.Single(c => c.Request == $"CLI list {path}");
            Assert.Equal((1, 1), costs.Where(c => c.Request == $"CLI list {path} again").Select(c => (c.Small, c.Large)).Single());
            Assert.True(rendered.Small > 1, $"{path}: rendering the list took {rendered.Small} command(s), as few as reusing it");
        }
    }

    [Fact]
    public async Task The_machine_list_sends_as_many_database_commands_for_400_machines_as_for_10()
    {
        using var few = await UserSession.SignUpAsync(fixture.System);
        using var many = await UserSession.SignUpAsync(fixture.System);
        var fewProject = await RegisterMachinesAsync(few, 10);
        var manyProject = await RegisterMachinesAsync(many, 400);

        var costs = new List<(string Request, int Small, int Large)>
        {
            ("first page", await CommandsAsync(AsUser(few, "/api/machines")), await CommandsAsync(AsUser(many, "/api/machines"))),
            ("a page from a cursor",
                await CommandsAsync(AsUser(few, $"/api/machines?limit=5&cursor={Uri.EscapeDataString(await CursorAfterAsync(few, "/api/machines", 5))}")),
                await CommandsAsync(AsUser(many, $"/api/machines?limit=5&cursor={Uri.EscapeDataString(await CursorAfterAsync(many, "/api/machines", 300))}"))),
            ("filtered by project", await CommandsAsync(AsUser(few, $"/api/machines?status=approved&projectId={fewProject}")),
                await CommandsAsync(AsUser(many, $"/api/machines?status=approved&projectId={manyProject}"))),
        };

        Assert.All(costs, cost => Assert.True(cost.Small > 0, $"{cost.Request}: no command counted, so the count proves nothing"));
        Assert.True(costs.All(c => c.Small == c.Large),
            "database commands for 10 machines / for 400:\n" + string.Join("\n", costs.Select(c => $"{c.Request}: {c.Small} / {c.Large}")));
    }

    private async Task<string> RegisterMachinesAsync(UserSession owner, int count)
    {
        var project = await SecretTests.ProjectAsync(owner);
        using var parallel = new SemaphoreSlim(8);
        await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
        {
            await parallel.WaitAsync(Http.Ct);
            try
            {
                using var machine = await TestMachine.RegisterAsync(fixture.System, owner, [project], $"machine-{i:D4}");
            }
            finally
            {
                parallel.Release();
            }
        }));
        return project;
    }

    /// <summary>The <c>nextCursor</c> of a page of <paramref name="position"/> items: where the item after them starts.</summary>
    private static async Task<string> CursorAfterAsync(UserSession user, string path, int position)
    {
        var page = await (await user.Client.GetAsync($"{path}?limit={position}", Http.Ct)).AssertOkAsync();
        return page.GetProperty("nextCursor").GetString()!;
    }

    private static HttpRequestMessage AsUser(UserSession user, string path) =>
        new(HttpMethod.Get, path) { Headers = { Authorization = user.Client.DefaultRequestHeaders.Authorization } };

    /// <summary>
    /// Sends the request under a trace of its own and counts the Npgsql spans below the secrets service's server span
    /// of that trace. Each process exports its spans in the order they end, and a request's commands end before its
    /// server span, so once that span has arrived all of its commands have too.
    /// </summary>
    private async Task<int> CommandsAsync(HttpRequestMessage request)
    {
        var traceId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var callerSpanId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        request.Headers.Add("traceparent", $"00-{traceId}-{callerSpanId}-01");
        var path = request.RequestUri!.OriginalString.Split('?')[0];
        using (var client = fixture.System.CreateClient())
        using (request)
            await (await client.SendAsync(request, Http.Ct)).AssertOkAsync();

        var spans = await Eventually.MatchAsync(() => Task.FromResult(fixture.Collector.Spans().Where(s => s.TraceId == traceId).ToList()),
            trace => ServiceSpan(trace, path, callerSpanId) is not null, TimeSpan.FromSeconds(120), $"the secrets service's span of {path}");
        var below = new HashSet<string> { ServiceSpan(spans, path, callerSpanId)!.SpanId };
        // Parents end after their children, so a parent may be listed after them: repeat until nothing new joins.
        while (spans.Where(s => !below.Contains(s.SpanId) && below.Contains(s.ParentSpanId)).Select(s => s.SpanId).ToList() is { Count: > 0 } joined)
            below.UnionWith(joined);
        return spans.Count(s => s.Scope == "Npgsql" && below.Contains(s.SpanId));
    }

    /// <summary>The server span for <paramref name="path"/> that is not the gateway's (whose parent is the test's own span).</summary>
    private static ExportedSpan? ServiceSpan(IReadOnlyList<ExportedSpan> trace, string path, string callerSpanId) =>
        trace.FirstOrDefault(s => s.Kind == ExportedSpan.ServerKind && s.ParentSpanId != callerSpanId && s.Attributes.GetValueOrDefault("url.path") == path);
}
