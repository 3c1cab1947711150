using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SikkerKey.Testing;

/// <summary>
/// A TCP proxy in front of PostgreSQL that can lose the acknowledgement of a commit: armed, it forwards the next
/// <c>COMMIT</c> a client sends, waits for the server's answer (so the transaction IS committed), then cuts the
/// client's connection without passing the answer on — the failure after which a client cannot know whether its work
/// was saved. Plain protocol only (the local servers do not offer TLS, so Npgsql falls back to plaintext).
/// </summary>
public sealed class FaultProxy : IAsyncDisposable
{
    private static readonly byte[] Commit = Encoding.ASCII.GetBytes("COMMIT");
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly int targetPort;
    private readonly CancellationTokenSource stopping = new();
    private readonly Task accepting;
    private int armed;
    private int lost;
    private byte[] marker = [];

    public FaultProxy(int targetPort)
    {
        this.targetPort = targetPort;
        listener.Start();
        accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    /// <summary>How many commit acknowledgements were swallowed so far.</summary>
    public int CommitAcknowledgementsLost => Volatile.Read(ref lost);

    /// <summary>
    /// The next COMMIT through the proxy — on a connection that has sent <paramref name="after"/> first (e.g. the
    /// statement of the transaction that matters) — is carried out by the server and its acknowledgement lost.
    /// </summary>
    public void LoseNextCommitAcknowledgement(string after = "")
    {
        marker = Encoding.ASCII.GetBytes(after);
        Volatile.Write(ref armed, 1);
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var client = await listener.AcceptTcpClientAsync(stopping.Token);
                _ = RelayAsync(client);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // Disposed.
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        using var _ = client;
        using var server = new TcpClient();
        try
        {
            await server.ConnectAsync(IPAddress.Loopback, targetPort, stopping.Token);
            var commitSent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using var cut = CancellationTokenSource.CreateLinkedTokenSource(stopping.Token);
            var markerSeen = false;
            var up = PumpAsync(client.GetStream(), server.GetStream(), chunk =>
            {
                markerSeen |= chunk.AsSpan().IndexOf(marker) >= 0;
                if (markerSeen && chunk.AsSpan().IndexOf(Commit) >= 0 && Interlocked.Exchange(ref armed, 0) == 1)
                    commitSent.TrySetResult();
            }, cut.Token);
            var down = PumpAsync(server.GetStream(), client.GetStream(), _ => { }, cut.Token, commitSent.Task);
            await Task.WhenAny(up, down);
            await cut.CancelAsync();
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
            // One side went away.
        }
    }

    /// <summary>Copies chunks; once <paramref name="swallowAfter"/> completes, the server's answer to the COMMIT is dropped and the copy ends.</summary>
    private async Task PumpAsync(NetworkStream from, NetworkStream to, Action<byte[]> inspect, CancellationToken cancellationToken, Task? swallowAfter = null)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReadAsync(buffer, cancellationToken);
                if (read == 0)
                    return;
                // The server's CommandComplete for it says "COMMIT": only then is the transaction durable. Anything
                // before (the tail of an earlier answer) is passed on.
                if (swallowAfter is { IsCompleted: true } && buffer.AsSpan(0, read).IndexOf(Commit) >= 0)
                {
                    Interlocked.Increment(ref lost);
                    return;
                }
                inspect(buffer[..read]);
                await to.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
            // The other pump ended the relay.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        listener.Stop();
        await accepting;
        stopping.Dispose();
    }
}
