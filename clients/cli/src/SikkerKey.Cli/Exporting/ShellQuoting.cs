namespace SikkerKey.Cli.Exporting;

/// <summary>POSIX sh quoting: inside single quotes every character is literal, so only the quote itself needs care.</summary>
internal static class ShellQuoting
{
    public static string Quote(string value) => $"'{value.Replace("'", @"'\''", StringComparison.Ordinal)}'";
}
