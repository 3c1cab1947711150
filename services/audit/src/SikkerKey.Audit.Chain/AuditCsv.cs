using System.Globalization;
using System.Text;

namespace SikkerKey.Audit.Chain;

/// <summary>
/// The audit export's CSV (RFC 4180): one row per entry in chain order with its position, the hash it chains onto and
/// its own hash, then one <c>checkpoint</c> row, the latest signed checkpoint the rows cover. Cells are escaped
/// reversibly, so the verifier reads back exactly the text that was hashed.
/// </summary>
public static class AuditCsv
{
    public static readonly IReadOnlyList<string> Header =
    [
        "id", "timestamp", "action", "severity", "actorKind", "actorId", "machineId", "secretId", "projectId", "sourceIp", "detail",
        "chain", "position", "previousHash", "hash",
    ];

    public const string CheckpointMarker = "checkpoint";

    public static string HeaderLine => Line(Header);

    public static string EntryLine(ChainedEntry e, string previousHash, string hash) => Line(
    [
        e.Id.ToString("D"), Timestamp(e.OccurredAt), e.Action, e.Severity, e.ActorKind, e.ActorId, e.MachineId, e.SecretId, e.ProjectId,
        e.SourceIp, e.Detail, e.Chain, e.Position.ToString(CultureInfo.InvariantCulture), previousHash, hash,
    ]);

    public static string CheckpointLine(Checkpoint c) => Line(
        [CheckpointMarker, Timestamp(c.SignedAt), c.Chain, c.Position.ToString(CultureInfo.InvariantCulture), c.Hash, c.Signature]);

    /// <summary>Round-trips through <see cref="DateTimeOffset.Parse(string, IFormatProvider?, DateTimeStyles)"/> to the tick, as the hash needs.</summary>
    public static string Timestamp(DateTimeOffset at) => at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    private static readonly char[] FormulaStarts = ['=', '+', '-', '@', '\t', '\r'];
    private static readonly char[] NeedQuoting = [',', '"', '\n', '\r'];

    /// <summary>
    /// A cell a spreadsheet will not run: one starting like a formula gets a leading quote (OWASP CSV injection). A
    /// value that itself starts with a quote gets one too, so <see cref="Unescape"/> can always remove exactly one.
    /// </summary>
    public static string Escape(string? value)
    {
        if (string.IsNullOrEmpty(value))
            return "";
        if (FormulaStarts.Contains(value[0]) || value[0] == '\'')
            value = "'" + value;
        return value.IndexOfAny(NeedQuoting) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    /// <summary>The value <see cref="Escape"/> wrote, from a cell already unquoted by <see cref="ReadRecord"/>; an empty cell is null.</summary>
    public static string? Unescape(string cell) => cell.Length == 0 ? null : cell[0] == '\'' ? cell[1..] : cell;

    public static string Line(IEnumerable<string?> cells) => string.Join(',', cells.Select(Escape)) + "\r\n";

    /// <summary>The next record's cells, unquoted, or null at the end; a quoted cell may span lines.</summary>
    public static List<string>? ReadRecord(TextReader reader)
    {
        if (reader.Peek() < 0)
            return null;
        var cells = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        while (true)
        {
            var next = reader.Read();
            if (next < 0)
                break;
            var c = (char)next;
            if (quoted)
            {
                if (c != '"')
                    cell.Append(c);
                else if (reader.Peek() == '"')
                    cell.Append((char)reader.Read());
                else
                    quoted = false;
            }
            else if (c == '"')
                quoted = true;
            else if (c == ',')
            {
                cells.Add(cell.ToString());
                cell.Clear();
            }
            else if (c == '\n')
                break;
            else if (c == '\r')
            {
                if (reader.Peek() == '\n')
                    reader.Read();
                break;
            }
            else
                cell.Append(c);
        }
        cells.Add(cell.ToString());
        return cells;
    }
}
