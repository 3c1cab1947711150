namespace SikkerKey.Audit.Querying;

/// <summary>RFC 4180 cells that a spreadsheet will not run: a cell starting like a formula is prefixed with a quote (OWASP CSV injection).</summary>
public static class CsvCells
{
    private static readonly char[] FormulaStarts = ['=', '+', '-', '@', '\t', '\r'];
    private static readonly char[] NeedQuoting = [',', '"', '\n', '\r'];

    public static string Escape(string? value)
    {
        if (string.IsNullOrEmpty(value))
            return "";
        if (FormulaStarts.Contains(value[0]))
            value = "'" + value;
        return value.IndexOfAny(NeedQuoting) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    public static string Line(IEnumerable<string?> cells) => string.Join(',', cells.Select(Escape)) + "\r\n";
}
