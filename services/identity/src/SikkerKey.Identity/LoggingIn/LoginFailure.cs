namespace SikkerKey.Identity.LoggingIn;

/// <summary>One failed login, counted against its account and its source IP (<see cref="Key"/> is <c>email:…</c> or <c>ip:…</c>).</summary>
public sealed class LoginFailure
{
    public Guid Id { get; set; }
    public string Key { get; set; } = "";
    public DateTimeOffset At { get; set; }
}
