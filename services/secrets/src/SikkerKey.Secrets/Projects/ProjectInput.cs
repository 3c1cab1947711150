using System.Security.Cryptography;

namespace SikkerKey.Secrets.Projects;

public static class ProjectInput
{
    public const int MaxNameLength = 64;
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    public static string NewId() => "proj_" + RandomNumberGenerator.GetString(Alphabet, 10);

    public static string? NameProblem(string? name) =>
        string.IsNullOrWhiteSpace(name) ? "name is required"
        : name.Trim().Length > MaxNameLength ? $"name must be at most {MaxNameLength} characters"
        : name.Any(char.IsControl) ? "name must not contain control characters"
        : null;
}
