using Microsoft.JSInterop;

namespace SikkerKey.Dashboard.Api;

/// <summary>The dashboard's one JavaScript module (cookies, file downloads, clipboard), imported once.</summary>
public sealed class BrowserInterop(IJSRuntime js) : IAsyncDisposable
{
    private IJSObjectReference? module;

    private async ValueTask<IJSObjectReference> ModuleAsync() =>
        module ??= await js.InvokeAsync<IJSObjectReference>("import", "./js/dashboard.js");

    public async ValueTask<string?> CsrfTokenAsync() => await (await ModuleAsync()).InvokeAsync<string?>("csrfToken");

    public async ValueTask SaveFileAsync(string fileName, string contentType, byte[] bytes) =>
        await (await ModuleAsync()).InvokeVoidAsync("saveFile", fileName, contentType, bytes);

    public async ValueTask CopyTextAsync(string text) => await (await ModuleAsync()).InvokeVoidAsync("copyText", text);

    public async ValueTask DisposeAsync()
    {
        if (module is not null)
            await module.DisposeAsync();
    }
}
