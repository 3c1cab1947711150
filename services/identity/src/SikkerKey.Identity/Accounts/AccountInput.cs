using System.Net.Mail;

namespace SikkerKey.Identity.Accounts;

/// <summary>The rules for what people type when creating accounts; each returns an error message or null.</summary>
public static class AccountInput
{
    public const int MinPasswordLength = 12;
    public const int MaxPasswordLength = 1024;

    public static string? EmailProblem(string? email) =>
        string.IsNullOrWhiteSpace(email) ? "email is required"
        : email.Length > 254 || !MailAddress.TryCreate(email.Trim(), out var parsed) || parsed.Address != email.Trim()
            ? "email is not a valid address"
        : null;

    public static string? PasswordProblem(string? password) =>
        string.IsNullOrEmpty(password) ? "password is required"
        : password.Length < MinPasswordLength ? $"password must be at least {MinPasswordLength} characters"
        : password.Length > MaxPasswordLength ? $"password must be at most {MaxPasswordLength} characters"
        : null;

    public static string? VaultNameProblem(string? name) =>
        string.IsNullOrWhiteSpace(name) ? "vaultName is required"
        : name.Trim().Length > 64 ? "vaultName must be at most 64 characters"
        : name.Any(char.IsControl) ? "vaultName must not contain control characters"
        : null;
}
