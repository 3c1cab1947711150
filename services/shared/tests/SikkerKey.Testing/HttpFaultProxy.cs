using System.Net;
using System.Text;

namespace SikkerKey.Testing;

/// <summary>
/// An HTTP proxy on loopback (FaultProxy is the TCP one, for PostgreSQL) between one service and another that forwards every request unchanged, except those
/// <see cref="Fail"/> picks, which it answers with a 500 as a failing service would. For the paths that must undo
/// what they did when a later call fails (issue 16: provisioning deletes the machine it registered when the grant fails).
/// </summary>
public sealed class HttpFaultProxy : IAsyncDisposable
{
    private readonly HttpListener listener = new();
    private readonly HttpClient client = new() { Timeout = TimeSpan.FromSeconds(100) };
    private readonly Func<Uri?> target;
    private readonly Task loop;
    private readonly CancellationTokenSource stopping = new();
    private int failed;
    private int hung;

    /// <param name="target">Where requests go; read per request, so it may name a process started after the proxy.</param>
    public HttpFaultProxy(Func<Uri?> target)
    {
        this.target = target;
        Url = SikkerKeySystem.FreeLoopbackUrl();
        listener.Prefixes.Add(Url.ToString());
        listener.Start();
        loop = Task.Run(AcceptAsync);
    }

    public Uri Url { get; }

    /// <summary>Method, path and body of a request; true answers it with a 500 instead of forwarding it.</summary>
    public Func<string, string, string, bool> Fail { get; set; } = (_, _, _) => false;

    /// <summary>How many requests were answered with the injected failure.</summary>
    public int Failed => Volatile.Read(ref failed);

    /// <summary>
    /// Method, path and body of a request; true neither forwards nor answers it until the proxy is disposed, as a
    /// service that stopped answering would, so the caller's own timeout is what ends it.
    /// </summary>
    public Func<string, string, string, bool> Hang { get; set; } = (_, _, _) => false;

    /// <summary>How many requests were held unanswered.</summary>
    public int Hung => Volatile.Read(ref hung);

    private async Task AcceptAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        var request = context.Request;
        var response = context.Response;
        try
        {
            using var reader = new StreamReader(request.InputStream, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            var path = request.Url!.AbsolutePath;
            if (Fail(request.HttpMethod, path, body))
            {
                Interlocked.Increment(ref failed);
                await WriteAsync(response, 500, """{"error":"injected fault"}""");
                return;
            }
            if (Hang(request.HttpMethod, path, body))
            {
                Interlocked.Increment(ref hung);
                await Task.Delay(Timeout.Infinite, stopping.Token).ContinueWith(_ => { }, TaskScheduler.Default);
                response.Abort();
                return;
            }
            if (target() is not { } to)
            {
                await WriteAsync(response, 503, """{"error":"the proxy has no target yet"}""");
                return;
            }
            using var forward = new HttpRequestMessage(new HttpMethod(request.HttpMethod), new Uri(to, request.RawUrl));
            if (body.Length > 0 || request.HasEntityBody)
                forward.Content = new StringContent(body, Encoding.UTF8);
            foreach (var name in request.Headers.AllKeys.OfType<string>())
            {
                if (name.Equals("Host", StringComparison.OrdinalIgnoreCase) || name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
                    continue;
                var values = request.Headers.GetValues(name) ?? [];
                if (!forward.Headers.TryAddWithoutValidation(name, values) && forward.Content is not null)
                {
                    forward.Content.Headers.Remove(name);
                    forward.Content.Headers.TryAddWithoutValidation(name, values);
                }
            }
            using var answer = await client.SendAsync(forward);
            response.StatusCode = (int)answer.StatusCode;
            foreach (var (name, values) in answer.Headers.Concat(answer.Content.Headers))
                if (!name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase) && !name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
                    response.Headers[name] = string.Join(",", values);
            var bytes = await answer.Content.ReadAsByteArrayAsync();
            response.ContentLength64 = bytes.Length;
            await response.OutputStream.WriteAsync(bytes);
            response.Close();
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or HttpListenerException)
        {
            await WriteAsync(response, 502, """{"error":"the proxy could not reach its target"}""");
        }
    }

    private static async Task WriteAsync(HttpListenerResponse response, int status, string json)
    {
        try
        {
            var bytes = Encoding.UTF8.GetBytes(json);
            response.StatusCode = status;
            response.ContentType = "application/json";
            response.ContentLength64 = bytes.Length;
            await response.OutputStream.WriteAsync(bytes);
            response.Close();
        }
        catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
        {
            // The caller went away.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        listener.Stop();
        listener.Close();
        await loop;
        client.Dispose();
        stopping.Dispose();
    }
}
