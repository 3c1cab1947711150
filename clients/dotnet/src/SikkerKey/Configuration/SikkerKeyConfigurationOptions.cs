namespace SikkerKey;

public sealed class SikkerKeyConfigurationOptions
{
    /// <summary>How to reach SikkerKey: identity, timeouts, retries, clock.</summary>
    public SikkerKeyOptions Client { get; set; } = new();

    /// <summary>Only this project's secrets; <c>null</c> loads every secret granted to the machine.</summary>
    public string? ProjectId { get; set; }

    /// <summary>A section to put the keys under, e.g. <c>"SikkerKey"</c>; <c>null</c> puts them at the root.</summary>
    public string? KeyPrefix { get; set; }

    /// <summary>How often to ask whether a loaded secret changed; <c>null</c> loads once and never reloads.</summary>
    public TimeSpan? ReloadInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>When SikkerKey cannot be read at start: <c>true</c> carries on without these keys, <c>false</c> throws.</summary>
    public bool Optional { get; set; }

    /// <summary>Called with errors of background reloads (the last good values stay); values are never in them.</summary>
    public Action<Exception>? OnReloadError { get; set; }
}
