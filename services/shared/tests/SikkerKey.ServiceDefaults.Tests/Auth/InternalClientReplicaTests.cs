using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Options;
using SikkerKey.ServiceDefaults.Auth;
using SikkerKey.Testing;

namespace SikkerKey.ServiceDefaults.Tests.Auth;

/// <summary>
/// An internal call moves on to another replica only when the first could not be reached at all. One that reached a
/// replica and lost its answer may have changed something there (a machine check spends its nonce; a bundle download
/// issues a key), so sending it again elsewhere would be refused or do it twice: it fails, and the caller's client
/// retries with a fresh request (CI saw "nonce already used" when a killed identity replica had committed the nonce).
/// </summary>
public sealed class InternalClientReplicaTests
{
    [Fact]
    public async Task A_call_that_reached_a_replica_and_lost_its_answer_is_not_sent_to_another()
    {
        using var hangsUp = new Replica(answer: false);
        using var answers = new Replica(answer: true);
        var client = ClientFor(hangsUp, answers);

        // Random order: call until the one that hangs up comes first; that call must fail without reaching the other.
        for (var attempt = 0; attempt < 40 && hangsUp.Requests == 0; attempt++)
        {
            var answered = answers.Requests;
            HttpRequestException? failure = null;
            try
            {
                using var response = await client.SendAsync("identity", HttpMethod.Post, "/internal/machines/verify", Principal.ServiceNamed("test"), new { nonce = attempt }, Http.Ct);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }
            catch (HttpRequestException ex)
            {
                failure = ex;
            }
            if (hangsUp.Requests == 0)
                continue;
            Assert.NotNull(failure);
            Assert.Equal(answered, answers.Requests);
        }
        Assert.True(hangsUp.Requests > 0, "the replica that hangs up was never tried first in 40 calls");
    }

    [Fact]
    public async Task A_replica_that_cannot_be_reached_is_skipped()
    {
        using var answers = new Replica(answer: true);
        var refused = new Uri($"http://127.0.0.1:{ClosedPort()}/");
        var client = ClientFor(refused, answers.Url);

        for (var i = 0; i < 10; i++)
        {
            using var response = await client.SendAsync("identity", HttpMethod.Post, "/internal/machines/verify", Principal.ServiceNamed("test"), new { nonce = i }, Http.Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        Assert.Equal(10, answers.Requests);
    }

    private static InternalClient ClientFor(Replica first, Replica second) => ClientFor(first.Url, second.Url);

    private static InternalClient ClientFor(params Uri[] replicas) =>
        new(new HttpClient(), Options.Create(new ServiceDirectory { Services = { ["identity"] = string.Join(',', replicas.Select(r => r.ToString())) } }),
            new PrincipalHeader(Options.Create(new InternalKeyOptions { InternalKey = Convert.ToBase64String(new byte[32]) }), TimeProvider.System));

    private static int ClosedPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    /// <summary>A loopback HTTP/1.1 server that reads each request whole, then answers 200 or closes the connection.</summary>
    private sealed class Replica : IDisposable
    {
        private readonly TcpListener listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource stop = new();
        private readonly bool answer;
        private int requests;

        public Replica(bool answer)
        {
            this.answer = answer;
            listener.Start();
            _ = Task.Run(AcceptAsync);
        }

        public Uri Url => new($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/");

        public int Requests => Volatile.Read(ref requests);

        private async Task AcceptAsync()
        {
            while (!stop.IsCancellationRequested)
            {
                TcpClient client;
                try
                {
                    client = await listener.AcceptTcpClientAsync(stop.Token);
                }
                catch (Exception) when (stop.IsCancellationRequested)
                {
                    return;
                }
                _ = Task.Run(() => ServeAsync(client));
            }
        }

        private async Task ServeAsync(TcpClient client)
        {
            using (client)
            {
                var stream = client.GetStream();
                while (await ReadRequestAsync(stream))
                {
                    Interlocked.Increment(ref requests);
                    if (!answer)
                        return;
                    await stream.WriteAsync("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Type: application/json\r\n\r\n{}"u8.ToArray());
                }
            }
        }

        /// <summary>Reads headers and a Content-Length body; false when the connection ended first.</summary>
        private static async Task<bool> ReadRequestAsync(NetworkStream stream)
        {
            var received = new List<byte>();
            var buffer = new byte[4096];
            int headerEnd;
            while ((headerEnd = IndexOfBlankLine(received)) < 0)
            {
                var read = await stream.ReadAsync(buffer);
                if (read == 0)
                    return false;
                received.AddRange(buffer.AsSpan(0, read));
            }
            var headers = Encoding.ASCII.GetString(received.ToArray(), 0, headerEnd);
            var length = headers.Split("\r\n").Where(h => h.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
                .Select(h => int.Parse(h["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault();
            var body = received.Count - (headerEnd + 4);
            while (body < length)
            {
                var read = await stream.ReadAsync(buffer);
                if (read == 0)
                    return false;
                body += read;
            }
            return true;
        }

        private static int IndexOfBlankLine(List<byte> bytes)
        {
            for (var i = 0; i + 3 < bytes.Count; i++)
                if (bytes[i] == '\r' && bytes[i + 1] == '\n' && bytes[i + 2] == '\r' && bytes[i + 3] == '\n')
                    return i;
            return -1;
        }

        public void Dispose()
        {
            stop.Cancel();
            listener.Stop();
            stop.Dispose();
        }
    }
}
