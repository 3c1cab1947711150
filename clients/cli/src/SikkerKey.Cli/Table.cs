namespace SikkerKey.Cli;

/// <summary>Columns padded to their widest cell, two spaces apart, for people reading a terminal.</summary>
internal static class Table
{
    public static void Write(TextWriter output, IReadOnlyList<string>? header, IEnumerable<IReadOnlyList<string>> rows)
    {
        var all = (header is null ? rows : rows.Prepend(header)).ToList();
        var widths = Enumerable.Range(0, all[0].Count).Select(column => all.Max(row => row[column].Length)).ToList();
        foreach (var row in all)
            output.WriteLine(string.Join("  ", row.Select((cell, column) => column == row.Count - 1 ? cell : cell.PadRight(widths[column]))).TrimEnd());
    }
}
