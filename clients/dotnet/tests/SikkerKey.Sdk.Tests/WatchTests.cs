using System.Threading.Channels;
using SikkerKey.Sdk.Tests.Support;
using static SikkerKey.Sdk.Tests.Support.Reply;

namespace SikkerKey.Sdk.Tests;

public class WatchTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Reply Changes(params (string Id, string Status)[] changes) =>
        Ok(new { changes = changes.ToDictionary(c => c.Id, c => new { status = c.Status }) });

    [Fact]
    public async Task Poll_sends_the_ids_and_reads_every_status()
    {
        await using var f = await ClientFixture.StartAsync();
        f.Server.Answer(Changes(("sk_1", "changed"), ("sk_2", "deleted"), ("sk_3", "access_denied"), ("sk_4", "archived")));

        var changes = await f.Client.PollAsync(["sk_1", "sk_2", "sk_3", "sk_4"], Ct);

        Assert.Equal("""{"watch":["sk_1","sk_2","sk_3","sk_4"]}""", Assert.Single(f.Server.Received).BodyText);
        Assert.Equal([new("sk_1", SecretChangeStatus.Changed), new("sk_2", SecretChangeStatus.Deleted),
            new SecretChange("sk_3", SecretChangeStatus.AccessDenied)], changes);
    }

    [Fact]
    public async Task Watch_reports_changes_and_each_lasting_state_once()
    {
        var time = new SteppedTime();
        await using var f = await ClientFixture.StartAsync(o => o.TimeProvider = time, time);
        f.Server.Answer(Changes(), Changes(("sk_1", "changed")), Changes(("sk_2", "deleted")), Changes(("sk_2", "deleted")),
            Changes(("sk_1", "changed"), ("sk_2", "deleted")));
        var seen = Channel.CreateUnbounded<SecretChange>();

        await using (f.Client.Watch(["sk_1", "sk_2"], c => seen.Writer.WriteAsync(c, Ct).AsTask(), Interval))
        {
            for (var poll = 1; poll < 5; poll++)
                await time.StepAsync(Interval);
            await time.NextWaitAsync();
        }

        seen.Writer.Complete();
        Assert.Equal([new("sk_1", SecretChangeStatus.Changed), new("sk_2", SecretChangeStatus.Deleted),
            new SecretChange("sk_1", SecretChangeStatus.Changed)], await seen.Reader.ReadAllAsync(Ct).ToListAsync(Ct));
        Assert.Equal(5, f.Server.Received.Count);
        Assert.All(f.Server.Received, r => Assert.Equal("""{"watch":["sk_1","sk_2"]}""", r.BodyText));
    }

    [Fact]
    public async Task A_failed_poll_is_reported_and_polling_goes_on()
    {
        var time = new SteppedTime();
        await using var f = await ClientFixture.StartAsync(o => o.TimeProvider = time, time);
        f.Server.Answer(Error(500, "database down"), Changes(("sk_1", "changed")));
        var errors = new List<Exception>();
        var changed = new TaskCompletionSource<SecretChange>(TaskCreationOptions.RunContinuationsAsynchronously);

        await using var watcher = f.Client.Watch(["sk_1"], c => { changed.TrySetResult(c); return Task.CompletedTask; }, Interval, errors.Add);
        await time.StepAsync(Interval);

        Assert.Equal("sk_1", (await changed.Task.WaitAsync(Ct)).SecretId);
        Assert.Equal("database down", Assert.IsType<ApiException>(Assert.Single(errors)).Message);
    }

    [Fact]
    public async Task A_disposed_watcher_polls_no_more()
    {
        var time = new SteppedTime();
        await using var f = await ClientFixture.StartAsync(o => o.TimeProvider = time, time);
        var watcher = f.Client.Watch(["sk_1"], _ => Task.CompletedTask, Interval);
        await time.NextWaitAsync();

        await watcher.DisposeAsync();
        time.Advance(Interval * 10);

        Assert.Single(f.Server.Received);
    }

    [Fact]
    public async Task A_watcher_can_stop_itself_from_its_own_callback()
    {
        var time = new SteppedTime();
        await using var f = await ClientFixture.StartAsync(o => o.TimeProvider = time, time);
        f.Server.Answer(Changes(("sk_1", "changed")));
        var self = new TaskCompletionSource<SecretWatcher>(TaskCreationOptions.RunContinuationsAsynchronously);
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        self.SetResult(f.Client.Watch(["sk_1"], async _ => { await (await self.Task).DisposeAsync(); stopped.SetResult(); }, Interval));
        await stopped.Task.WaitAsync(Ct);
        time.Advance(Interval * 10);

        Assert.Single(f.Server.Received);
    }
}
