using System.Net.Http.Json;
using System.Text.Json;

namespace SikkerKey.Testing;

/// <summary>
/// A copy of every message published in one virtual host, through RabbitMQ's firehose: with tracing on, the broker
/// republishes each message to <c>amq.rabbitmq.trace</c> (routing key <c>publish.&lt;exchange&gt;</c>) whatever
/// exchange it went to, so a queue bound there sees all of them, not only the message types a test thought of.
/// </summary>
public sealed class BusTap
{
    private const string Queue = "test-firehose";
    private readonly List<byte[]> messages = [];
    private Servers servers = null!;
    private string virtualHost = "";

    /// <summary>Everything drained so far.</summary>
    public IReadOnlyList<byte[]> Messages => messages;

    public static async Task<BusTap> StartAsync(IsolatedInfrastructure infrastructure)
    {
        var tap = new BusTap { servers = infrastructure.Servers, virtualHost = Uri.EscapeDataString(infrastructure.Name) };
        using var client = RabbitManagement.ClientFor(tap.servers.RabbitManagement);
        (await client.PutAsJsonAsync($"api/vhosts/{tap.virtualHost}", new { tracing = true })).EnsureSuccessStatusCode();
        (await client.PutAsJsonAsync($"api/queues/{tap.virtualHost}/{Queue}", new { durable = false, auto_delete = false })).EnsureSuccessStatusCode();
        (await client.PostAsJsonAsync($"api/bindings/{tap.virtualHost}/e/amq.rabbitmq.trace/q/{Queue}", new { routing_key = "publish.#" })).EnsureSuccessStatusCode();
        return tap;
    }

    /// <summary>Takes every message waiting in the tap's queue and returns all messages seen so far.</summary>
    public async Task<IReadOnlyList<byte[]>> DrainAsync()
    {
        using var client = RabbitManagement.ClientFor(servers.RabbitManagement);
        while (true)
        {
            using var response = await client.PostAsJsonAsync($"api/queues/{virtualHost}/{Queue}/get",
                new { count = 1000, ackmode = "ack_requeue_false", encoding = "base64" });
            response.EnsureSuccessStatusCode();
            var batch = await response.Content.ReadFromJsonAsync<JsonElement>();
            foreach (var message in batch.EnumerateArray())
                messages.Add(Convert.FromBase64String(message.GetProperty("payload").GetString()!));
            if (batch.GetArrayLength() < 1000)
                return messages;
        }
    }
}
