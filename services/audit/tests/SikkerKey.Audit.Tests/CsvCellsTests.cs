using SikkerKey.Audit.Chain;

namespace SikkerKey.Audit.Tests;

public sealed class CsvCellsTests
{
    [Theory]
    [InlineData("=HYPERLINK(\"http://evil\")", "\"'=HYPERLINK(\"\"http://evil\"\")\"")]
    [InlineData("+1+1", "'+1+1")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tcmd", "'\tcmd")]
    [InlineData("'quoted", "''quoted")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("line\nbreak", "\"line\nbreak\"")]
    [InlineData("plain", "plain")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void Cells_are_quoted_as_needed_and_never_start_a_formula(string? value, string expected)
    {
        Assert.Equal(expected, AuditCsv.Escape(value));
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://evil\")")]
    [InlineData("'=already quoted")]
    [InlineData("''")]
    [InlineData("a,b\r\nc\"d")]
    [InlineData("plain")]
    [InlineData(null)]
    public void Every_cell_reads_back_as_exactly_the_value_written(string? value)
    {
        var cells = AuditCsv.ReadRecord(new StringReader(AuditCsv.Line([value, "next"])))!;

        Assert.Equal([value, "next"], cells.Select(AuditCsv.Unescape));
    }
}
