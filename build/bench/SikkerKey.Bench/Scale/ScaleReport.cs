using System.Globalization;

namespace SikkerKey.Bench.Scale;

/// <summary>Markdown tables: every call as its median and its ratio to the single signed read measured with it, beside issue 22's targets.</summary>
internal static class ScaleReport
{
    public static void Print(IReadOnlyList<SizeResult> sizes, IReadOnlyList<PagedResult> paged)
    {
        if (sizes.Count == 0)
            return;
        var smallest = sizes[0];
        var largest = sizes[^1];
        Console.WriteLine();
        Console.WriteLine($"| call: median ms (× single signed read) | {string.Join(" | ", sizes.Select(s => Count(s.Secrets)))} | {Count(largest.Secrets)} ÷ {Count(smallest.Secrets)} | target |");
        Console.WriteLine($"| --- |{string.Concat(sizes.Select(_ => " --- |"))} --- | --- |");
        Row("single signed read `GET /v1/secret/{id}`", sizes, s => s.Read, "—", withRatio: false);
        Row($"unchanged poll of N ids (at most {ScaleSettings.MaxWatched:N0})", sizes, s => s.Poll, "—");
        Row("unchanged poll of 400 ids", sizes, s => s.Poll400, "≤ 2× a read");
        Row("`POST /v1/secrets/export` of N", sizes, s => s.Export, "1,000: ≤ 5× a read");
        Row("`GET /api/projects/{id}/secrets`", sizes, s => s.ProjectList, "≤ 3× its cost at 10");
        Row("`GET /v1/cli/secrets`", sizes, s => s.CliList, "≤ 3× its cost at 10");
        Console.WriteLine();
        Console.WriteLine("| call | small | large | large ÷ small | target |");
        Console.WriteLine("| --- | --- | --- | --- | --- |");
        foreach (var p in paged)
            Console.WriteLine($"| `{p.Call}` | {p.SmallLabel}: {Ms(p.Small)} ({Ratio(p.Small / p.Read)}) | {p.LargeLabel}: {Ms(p.Large)} ({Ratio(p.Large / p.Read)}) | {Ratio(p.Large / p.Small)} | ≤ 3× |");
        Console.WriteLine($"\n(× = ratio to a single signed read measured in the same run: {string.Join(", ", paged.Select(p => $"{Ms(p.Read)} beside {p.Call.Split(' ')[1]}"))})");
    }

    private static void Row(string call, IReadOnlyList<SizeResult> sizes, Func<SizeResult, double?> value, string target, bool withRatio = true)
    {
        var cells = sizes.Select(s => value(s) is { } ms ? withRatio ? $"{Ms(ms)} ({Ratio(ms / s.Read)})" : Ms(ms) : "—");
        var growth = value(sizes[0]) is { } first && value(sizes[^1]) is { } last && sizes.Count > 1 ? Ratio(last / first) : "—";
        Console.WriteLine($"| {call} | {string.Join(" | ", cells)} | {growth} | {target} |");
    }

    private static string Count(int n) => n.ToString("N0", CultureInfo.InvariantCulture);

    private static string Ms(double ms) => ms.ToString(ms < 10 ? "0.0" : "0", CultureInfo.InvariantCulture) + " ms";

    private static string Ratio(double ratio) => ratio.ToString("0.0", CultureInfo.InvariantCulture) + "×";
}
