using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using SikkerKey.Api;
using SikkerKey.Dashboard.Session;

namespace SikkerKey.Dashboard.Api;

/// <summary>
/// Every call the dashboard makes: same-origin <c>/api/...</c> with the session cookie, the CSRF header on
/// state changes, and the server's <c>{"error"}</c> message handed back for the page to show inline.
/// A 401 from any call ends the session and returns to Sign in.
/// </summary>
public sealed class ApiClient(HttpClient http, BrowserInterop browser, SessionState session, NavigationManager navigation)
{
    public const string SessionEnded = "Your session has ended. Sign in again.";

    private const string PageIncomplete = "the page did not load completely; reload the page and try again";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public Task<ApiResult<T>> GetAsync<T>(string path) => SendAsync<T>(HttpMethod.Get, path, null);

    public Task<ApiResult<T>> PostAsync<T>(string path, object? body) => SendAsync<T>(HttpMethod.Post, path, body);

    public Task<ApiResult<object>> PostAsync(string path, object? body = null) => SendAsync<object>(HttpMethod.Post, path, body);

    public Task<ApiResult<object>> PutAsync(string path, object? body) => SendAsync<object>(HttpMethod.Put, path, body);

    public Task<ApiResult<object>> PatchAsync(string path, object? body) => SendAsync<object>(HttpMethod.Patch, path, body);

    public Task<ApiResult<object>> DeleteAsync(string path) => SendAsync<object>(HttpMethod.Delete, path, null);

    public async Task<ApiResult<T>> SendAsync<T>(HttpMethod method, string path, object? body)
    {
        using var response = await SendRawAsync(method, path, body);
        if (!response.IsSuccessStatusCode)
            return new ApiResult<T>(response.StatusCode, default, await ErrorOf(response));
        if (response.StatusCode == HttpStatusCode.NoContent || typeof(T) == typeof(object))
            return new ApiResult<T>(response.StatusCode, default, null);
        try
        {
            return new ApiResult<T>(response.StatusCode, await response.Content.ReadFromJsonAsync<T>(Json), null);
        }
        catch (JsonException)
        {
            return new ApiResult<T>(response.StatusCode, default, "the server's answer could not be read; reload the page and try again");
        }
    }

    /// <summary>Fetches a file (bundle, CSV) and hands it to the browser as a download; a refusal comes back as its message.</summary>
    public async Task<ApiResult<ApiFile>> DownloadAsync(string path, string fallbackName)
    {
        using var response = await SendRawAsync(HttpMethod.Get, path, null);
        if (!response.IsSuccessStatusCode)
            return new ApiResult<ApiFile>(response.StatusCode, null, await ErrorOf(response));
        var name = response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName?.Trim('"') ?? fallbackName;
        var type = response.Content.Headers.ContentType?.MediaType ?? "application/octet-stream";
        var file = new ApiFile(name, type, await response.Content.ReadAsByteArrayAsync());
        try
        {
            await browser.SaveFileAsync(file.FileName, file.ContentType, file.Bytes);
        }
        catch (JSException)
        {
            // The page's script did not load or the browser refused the download: said where the user clicked.
            return new ApiResult<ApiFile>(response.StatusCode, null, PageIncomplete);
        }
        return new ApiResult<ApiFile>(response.StatusCode, file, null);
    }

    private async Task<HttpResponseMessage> SendRawAsync(HttpMethod method, string path, object? body)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
            request.Content = JsonContent.Create(body, body.GetType(), options: Json);
        if (method != HttpMethod.Get)
        {
            // The token comes from the page's script module; without it every state change would be refused, so say
            // what helps instead (signing in needs no token).
            var (loaded, csrf) = await CsrfTokenAsync();
            if (!loaded && !IsSignIn(path))
                return Refused(PageIncomplete);
            if (csrf is not null)
                request.Headers.Add("X-CSRF-Token", csrf);
        }
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return Refused("SikkerKey cannot be reached; check your connection and try again");
        }
        if (response.StatusCode == HttpStatusCode.Unauthorized && !IsSignIn(path))
        {
            session.End(session.Current is null ? null : SessionEnded);
            navigation.NavigateTo("/signin");
        }
        return response;
    }

    /// <summary>Signing in needs no CSRF token, and its 401 is a wrong password, not an ended session.</summary>
    private static bool IsSignIn(string path) => path.StartsWith("/api/auth/login", StringComparison.Ordinal);

    /// <summary>Not loaded when the page's script module could not be fetched (a dropped connection, say).</summary>
    private async Task<(bool Loaded, string? Token)> CsrfTokenAsync()
    {
        try
        {
            return (true, await browser.CsrfTokenAsync());
        }
        catch (JSException)
        {
            return (false, null);
        }
    }

    /// <summary>An answer made here, for what never reached the server, in the shape the server's refusals have.</summary>
    private static HttpResponseMessage Refused(string error) =>
        new(HttpStatusCode.ServiceUnavailable) { Content = JsonContent.Create(new ApiError(error)) };

    private static async Task<string> ErrorOf(HttpResponseMessage response)
    {
        try
        {
            var error = await response.Content.ReadFromJsonAsync<ApiError>(Json);
            if (!string.IsNullOrWhiteSpace(error?.Error))
                return error.Error;
        }
        catch (Exception e) when (e is JsonException or NotSupportedException)
        {
            // Not the API's error body (a proxy's page, say): the status is all there is to say.
        }
        return $"the server answered {(int)response.StatusCode} {response.ReasonPhrase}";
    }
}
