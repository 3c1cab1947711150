using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;

namespace SikkerKey.Testing;

/// <summary>Virtual hosts through RabbitMQ's management API: one per test class keeps queues apart.</summary>
internal static class RabbitManagement
{
    public static async Task CreateVirtualHostAsync(Servers servers, string name)
    {
        using var client = ClientFor(servers.RabbitManagement);
        (await client.PutAsync($"api/vhosts/{name}", null)).EnsureSuccessStatusCode();
        var user = Uri.UnescapeDataString(servers.RabbitMq.UserInfo.Split(':')[0]);
        (await client.PutAsJsonAsync($"api/permissions/{name}/{user}", new { configure = ".*", write = ".*", read = ".*" }))
            .EnsureSuccessStatusCode();
    }

    public static async Task DeleteVirtualHostAsync(Servers servers, string name)
    {
        using var client = ClientFor(servers.RabbitManagement);
        await client.DeleteAsync($"api/vhosts/{name}");
    }

    public static HttpClient ClientFor(Uri management)
    {
        var client = new HttpClient { BaseAddress = new Uri(management.GetLeftPart(UriPartial.Authority) + "/") };
        var credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes(Uri.UnescapeDataString(management.UserInfo)));
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", credentials);
        return client;
    }
}
