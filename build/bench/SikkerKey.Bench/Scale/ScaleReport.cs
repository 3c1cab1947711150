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
        Console.WriteLine($"| single signed read `GET /v1/secret/{{id}}` | {string.Join(" | ", sizes.Select(s => Ms(s.Read)))} | — | — |");
        Row($"unchanged poll of N ids (at most {ScaleSettings.MaxWatched:N0})", sizes, s => s.Poll, "—");
        Row("unchanged poll of 400 ids", sizes, s => s.Poll400, "≤ 2× a read");
        Row("`POST /v1/secrets/export` of N (each sample on a settled system)", sizes, s => s.Export, "1,000: ≤ 5× a read");
        Console.WriteLine($"| after that export, the audit log caught up (its N `secret_read` entries) in | {string.Join(" | ", sizes.Select(s => Ms(s.ExportAudited)))} | — | — |");
        Row("`GET /api/projects/{id}/secrets` (first page, 100 a page)", sizes, s => s.ProjectList, "≤ 3× its cost at 10");
        Row("`GET /api/projects/{id}/secrets` (page 90 % in, by cursor)", sizes, s => s.ProjectListDeep, "≤ 3× its cost at 10");
        Row("`GET /v1/cli/secrets` (not paged), nothing written since the last call", sizes, s => s.CliList, "≤ 3× its cost at 10");
        Row("`GET /v1/cli/secrets` (not paged), the first call after a write in the vault", sizes, s => s.CliListChanged, "— (renders the whole answer)");
        Console.WriteLine();
        Console.WriteLine("| call | small | large | large ÷ small | target |");
        Console.WriteLine("| --- | --- | --- | --- | --- |");
        foreach (var p in paged)
            Console.WriteLine($"| `{p.Call}` | {p.SmallLabel}: {Cell(p.Small)} | {p.LargeLabel}: {Cell(p.Large)} | {Ratio(p.Large.Ms / p.Small.Ms)} | ≤ 3× |");
        Console.WriteLine("\n(×: the call's median ÷ the median of single signed reads taken in turns with it, in the same run)");
    }

    private static void Row(string call, IReadOnlyList<SizeResult> sizes, Func<SizeResult, Measured?> value, string target)
    {
        var cells = sizes.Select(s => value(s) is { } measured ? Cell(measured) : "—");
        var growth = value(sizes[0]) is { } first && value(sizes[^1]) is { } last && sizes.Count > 1 ? Ratio(last.Ms / first.Ms) : "—";
        Console.WriteLine($"| {call} | {string.Join(" | ", cells)} | {growth} | {target} |");
    }

    private static string Cell(Measured measured) => $"{Ms(measured.Ms)} ({Ratio(measured.Ratio)})";

    private static string Count(int n) => n.ToString("N0", CultureInfo.InvariantCulture);

    private static string Ms(double ms) => ms.ToString(ms < 10 ? "0.0" : "0", CultureInfo.InvariantCulture) + " ms";

    private static string Ratio(double ratio) => ratio.ToString("0.0", CultureInfo.InvariantCulture) + "×";
}
