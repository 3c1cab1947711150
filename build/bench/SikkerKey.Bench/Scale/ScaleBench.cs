using System.Net.Http.Headers;
using System.Text.Json;
using SikkerKey.Testing;

namespace SikkerKey.Bench.Scale;

/// <summary>
/// Issue 22: the cost of a call must grow with what changed, not with what exists. For each size a project of that
/// many secrets and a machine granted all of them; then the machine plane's poll, export and CLI list, the dashboard's
/// secrets list, the machines list (1 and 500 machines) and the audit log (page 1 and 100 pages in), each as a
/// median beside a single signed read measured in the same run.
/// </summary>
internal sealed class ScaleBench(BenchSystem bench, HttpClient client, ScaleSettings settings)
{
    public static async Task<int> RunAsync(ScaleSettings settings)
    {
        await using var bench = await BenchSystem.StartAsync("scale",
            new Dictionary<string, string> { ["SikkerKey__Plan__DefaultMachineQuota"] = (ScaleSettings.Machines + 10).ToString(System.Globalization.CultureInfo.InvariantCulture) });
        using var client = bench.System.CreateClient();
        var run = new ScaleBench(bench, client, settings);
        MachineState.Print("before");
        var sizes = new List<SizeResult>();
        foreach (var size in settings.Sizes.TakeWhile(_ => !Interruption.Requested))
            sizes.Add(await run.MeasureSizeAsync(size));
        var paged = new List<PagedResult>(await run.MeasureMachinesAsync()) { await run.MeasureAuditAsync() };
        MachineState.Print("after");
        ScaleReport.Print(sizes, paged);
        return Interruption.Requested ? 130 : 0;
    }

    private async Task<SizeResult> MeasureSizeAsync(int size)
    {
        Console.Error.WriteLine($"scale: seeding a project of {size} secrets…");
        var project = await ScaleSeeding.ProjectAsync(bench.Owner, size);
        using var machine = await ScaleSeeding.MachineForAsync(bench.System, bench.Owner, project);
        // Seeding leaves thousands of facts for the audit log; measured on top of that backlog, a call timed the backlog.
        await SettleAsync();
        Console.Error.WriteLine($"scale: measuring {size}…");
        var read = await Timing.MedianAsync(client, Read, settings.Samples);
        var watched = project.SecretIds.Take(ScaleSettings.MaxWatched).ToList();
        // The first poll records every version; the ones measured find nothing changed.
        await Timing.SendAsync(client, () => Poll(machine, watched));
        var poll = await Timing.BesideReadAsync(client, () => Poll(machine, watched), Read, settings.Samples);
        Measured? poll400 = size >= 400 ? await Timing.BesideReadAsync(client, () => Poll(machine, watched.Take(400)), Read, settings.Samples) : null;
        var projectList = await Timing.BesideReadAsync(client, () => AsOwner(bench.Owner, $"/api/projects/{project.Id}/secrets"), Read, settings.Samples);
        var deep = await CursorAfterAsync(bench.Owner, $"/api/projects/{project.Id}/secrets", size * 9 / 10);
        var projectListDeep = await Timing.BesideReadAsync(client, () => AsOwner(bench.Owner, Paged($"/api/projects/{project.Id}/secrets", deep)), Read, settings.Samples);
        Func<HttpRequestMessage> cli = () => machine.SignedRequest(HttpMethod.Get, "/v1/cli/secrets");
        var cliList = await Timing.BesideReadAsync(client, cli, Read, settings.Samples);
        // Settling creates a project in the machine's vault, a write the kept list depends on: each sample renders it anew.
        var cliListChanged = await Timing.BesideReadAsync(client, cli, Read, settings.Samples, SettleAsync);
        // An export records one audit entry per secret (the spec's secret_read each); that work goes on after the 200, so
        // each sample starts on a settled system, and how long the log takes to catch up is printed on its own.
        Func<HttpRequestMessage> exportRequest = () => machine.SignedRequest(HttpMethod.Post, "/v1/secrets/export", $"{{\"projectId\":\"{project.Id}\"}}");
        var export = await Timing.BesideReadAsync(client, exportRequest, Read, settings.SamplesFor(size), SettleAsync);
        await SettleAsync();
        await Timing.SendAsync(client, exportRequest);
        var exportAudited = (await AuditProbe.CreateProjectAndWaitAsync(bench.Owner, ProbeEvery, SettleTimeout)).SinceAcknowledged.TotalMilliseconds;
        return new SizeResult(size, read, poll, watched.Count, poll400, export, exportAudited, projectList, projectListDeep, cliList, cliListChanged);
    }

    private static readonly TimeSpan ProbeEvery = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan SettleTimeout = TimeSpan.FromMinutes(5);

    /// <summary>Until the audit log holds a fact recorded now, so the facts before it are worked off.</summary>
    private Task SettleAsync() => AuditProbe.CreateProjectAndWaitAsync(bench.Owner, ProbeEvery, SettleTimeout);

    private async Task<IReadOnlyList<PagedResult>> MeasureMachinesAsync()
    {
        Console.Error.WriteLine($"scale: vaults of 1 and {ScaleSettings.Machines} machines…");
        using var one = await ScaleSeeding.VaultWithMachinesAsync(bench.System, 1);
        using var many = await ScaleSeeding.VaultWithMachinesAsync(bench.System, ScaleSettings.Machines);
        var small = await Timing.BesideReadAsync(client, () => AsOwner(one, "/api/machines"), Read, settings.Samples);
        var large = await Timing.BesideReadAsync(client, () => AsOwner(many, "/api/machines"), Read, settings.Samples);
        var deep = await CursorAfterAsync(many, "/api/machines", ScaleSettings.Machines * 9 / 10);
        var largeDeep = await Timing.BesideReadAsync(client, () => AsOwner(many, Paged("/api/machines", deep)), Read, settings.Samples);
        return
        [
            new PagedResult("GET /api/machines (first page, 100 a page)", "1 machine", small, $"{ScaleSettings.Machines} machines", large),
            new PagedResult("GET /api/machines (page 90 % in, by cursor)", "1 machine", small, $"{ScaleSettings.Machines} machines", largeDeep),
        ];
    }

    /// <summary>The cursor after the first <paramref name="position"/> items of a paged list, walked in the largest pages the API allows.</summary>
    private async Task<string?> CursorAfterAsync(UserSession owner, string path, int position)
    {
        string? cursor = null;
        for (var read = 0; read < position;)
        {
            var limit = Math.Min(500, position - read);
            var body = JsonSerializer.Deserialize<JsonElement>(await Timing.SendAsync(client, () => AsOwner(owner, Paged(path, cursor, limit))));
            read += limit;
            if (body.GetProperty("nextCursor").GetString() is not { } next)
                break;
            cursor = next;
        }
        return cursor;
    }

    private static string Paged(string path, string? cursor, int? limit = null) =>
        path + "?" + string.Join('&', new[] { limit is null ? null : $"limit={limit}", cursor is null ? null : $"cursor={Uri.EscapeDataString(cursor)}" }.OfType<string>());

    /// <summary>The bench vault's own log (every secret created above, every read): page 1, and the page reached after 99 cursors.</summary>
    private async Task<PagedResult> MeasureAuditAsync()
    {
        Console.Error.WriteLine($"scale: audit log, page 1 and page {ScaleSettings.AuditPagesIn}…");
        var small = await Timing.BesideReadAsync(client, () => AsOwner(bench.Owner, "/api/audit"), Read, settings.Samples);
        string? cursor = null;
        var page = 1;
        for (; page < ScaleSettings.AuditPagesIn; page++)
        {
            var body = JsonSerializer.Deserialize<JsonElement>(await Timing.SendAsync(client, () => AsOwner(bench.Owner, AuditPage(cursor))));
            if (body.GetProperty("nextCursor").GetString() is not { } next)
                break;
            cursor = next;
        }
        var large = await Timing.BesideReadAsync(client, () => AsOwner(bench.Owner, AuditPage(cursor)), Read, settings.Samples);
        return new PagedResult("GET /api/audit (50 a page)", "page 1", small, $"page {page}", large);
    }

    private static string AuditPage(string? cursor) => cursor is null ? "/api/audit" : "/api/audit?cursor=" + Uri.EscapeDataString(cursor);

    private HttpRequestMessage Read() => bench.Machine.SignedRequest(HttpMethod.Get, $"/v1/secret/{bench.SecretId}");

    private static HttpRequestMessage Poll(TestMachine machine, IEnumerable<string> watched) =>
        machine.SignedRequest(HttpMethod.Post, "/v1/secrets/poll", JsonSerializer.Serialize(new { watch = watched }));

    private static HttpRequestMessage AsOwner(UserSession owner, string path) =>
        new(HttpMethod.Get, path) { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", owner.Token) } };
}
