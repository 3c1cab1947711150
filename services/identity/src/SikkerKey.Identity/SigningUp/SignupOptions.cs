namespace SikkerKey.Identity.SigningUp;

/// <summary><c>SikkerKey:Signup</c>: whether anyone may create a vault (off for a single-team server).</summary>
public sealed class SignupOptions
{
    public bool Enabled { get; set; } = true;
}
