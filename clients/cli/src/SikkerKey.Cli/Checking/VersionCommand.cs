using System.CommandLine;
using System.Reflection;

namespace SikkerKey.Cli.Checking;

/// <summary><c>sikkerkey version</c>: prints <c>sikkerkey 0.1.0 (commit abc1234)</c>; needs no identity.</summary>
internal sealed class VersionCommand : Command
{
    public VersionCommand(CliContext context) : base("version", "Print the CLI's version")
    {
        SetAction(_ => context.Out.WriteLine($"sikkerkey {Text}"));
    }

    public static string Text
    {
        get
        {
            var version = typeof(VersionCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
            return version.Split('+') is [var release, var commit] ? $"{release} (commit {commit[..Math.Min(7, commit.Length)]})" : version;
        }
    }
}
