using System.Text.RegularExpressions;
using SikkerKey.Testing;

namespace SikkerKey.Bench;

/// <summary>
/// The warning and error lines every process of the system wrote during a bench, grouped by what they say (times,
/// ids and numbers left out), so a run that failed requests also shows what the services saw.
/// </summary>
internal static partial class LogProblems
{
    private const int KindsPerProcess = 6;
    private const int MaxLineLength = 220;

    public static void Print(SikkerKeySystem system)
    {
        var any = false;
        foreach (var process in system.Processes)
        {
            var kinds = process.Output
                .Select(line => LevelPrefix().Match(line))
                .Where(match => match.Success)
                .GroupBy(match => Normalized(match.Groups["rest"].Value))
                .OrderByDescending(g => g.Count())
                .ToList();
            if (kinds.Count == 0)
                continue;
            if (!any)
                Console.WriteLine("\nWarnings and errors the processes logged (most frequent first; ids and numbers as #):");
            any = true;
            Console.WriteLine($"  {process.Name}: {kinds.Sum(k => k.Count())} lines");
            foreach (var kind in kinds.Take(KindsPerProcess))
                Console.WriteLine($"    {kind.Count(),6} × {kind.Key}");
            if (kinds.Count > KindsPerProcess)
                Console.WriteLine($"    … and {kinds.Skip(KindsPerProcess).Sum(k => k.Count())} lines of {kinds.Count - KindsPerProcess} other kinds");
        }
        if (!any)
            Console.WriteLine("\nNo process logged a warning or an error.");
    }

    private static string Normalized(string line)
    {
        var text = Numbers().Replace(Guids().Replace(line, "#"), "#");
        return text.Length > MaxLineLength ? text[..MaxLineLength] + "…" : text;
    }

    [GeneratedRegex(@"^(?:\S+ )?(?<rest>(?:warn|fail|crit): .*)$")]
    private static partial Regex LevelPrefix();

    [GeneratedRegex(@"[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}")]
    private static partial Regex Guids();

    [GeneratedRegex(@"\d+(?:[.,:]\d+)*")]
    private static partial Regex Numbers();
}
