using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace SikkerKey.Dashboard.Tests;

/// <summary>
/// Reads a service's answer as the dashboard does (web defaults), but strictly: a field the shared record lacks, a field
/// it needs that is missing, or a null where it allows none fails; and the record must write back the very JSON read.
/// </summary>
public static class ApiContract
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    private static readonly JsonSerializerOptions Strict = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    public static async Task<T> ReadAsync<T>(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var what = $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery} as {typeof(T).Name}";
        Assert.True(response.StatusCode == expected, $"{what}: {(int)response.StatusCode} {text}");
        T value;
        try
        {
            value = JsonSerializer.Deserialize<T>(text, Strict)!;
        }
        catch (JsonException e)
        {
            throw new Xunit.Sdk.XunitException($"{what}: the shared record does not fit the answer ({e.Message}): {text}");
        }
        var written = JsonSerializer.SerializeToNode(value, Web);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(text), written), $"{what}: the service wrote {text}, the record writes {written?.ToJsonString()}");
        return value;
    }

    public static async Task<T> GetAsync<T>(this HttpClient client, string path) =>
        await ReadAsync<T>(await client.GetAsync(path, TestContext.Current.CancellationToken));

    public static async Task<T> SendAsync<T>(this HttpClient client, HttpMethod method, string path, object body, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body, body.GetType(), options: Web) };
        return await ReadAsync<T>(await client.SendAsync(request, TestContext.Current.CancellationToken), expected);
    }
}
