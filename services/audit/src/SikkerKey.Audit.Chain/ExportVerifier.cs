using System.Globalization;
using NSec.Cryptography;

namespace SikkerKey.Audit.Chain;

/// <summary>
/// Checks an audit export offline, with nothing but the file and the audit public key: every row hashes to its hash
/// cell, chains onto the row before it with no position missing or out of order, and the checkpoint at the end is
/// signed by the key and names one of the rows, so every row up to it is exactly what the server recorded.
/// </summary>
public static class ExportVerifier
{
    public sealed record Result(bool Intact, string Message);

    private sealed record Row(int Number, ChainedEntry Entry, string PreviousHash, string Hash);

    public static Result Verify(TextReader csv, PublicKey publicKey)
    {
        if (AuditCsv.ReadRecord(csv) is not { } header || !header.SequenceEqual(AuditCsv.Header))
            return Fail("not a SikkerKey audit export: the first line is not its header");
        Row? previous = null;
        var rows = new List<Row>();
        Checkpoint? checkpoint = null;
        for (var number = 1; AuditCsv.ReadRecord(csv) is { } cells; number++)
        {
            if (cells is [""])
                continue;
            if (checkpoint is not null)
                return Fail($"row {number}: rows follow the checkpoint, which must be the last row");
            if (cells[0] == AuditCsv.CheckpointMarker)
            {
                checkpoint = CheckpointOf(cells);
                if (checkpoint is null)
                    return Fail($"row {number}: the checkpoint row is unreadable");
                continue;
            }
            if (RowOf(number, cells) is not { } row)
                return Fail($"row {number}: unreadable: expected {AuditCsv.Header.Count} cells of an audit entry");
            if (LinkHash.Of(row.PreviousHash, row.Entry) != row.Hash)
                return Fail($"row {number} (position {row.Entry.Position}, id {row.Entry.Id}) was altered: its cells do not hash to its hash");
            if (previous is not null && Problem(previous, row) is { } problem)
                return Fail($"row {number} (position {row.Entry.Position}, id {row.Entry.Id}): {problem}");
            rows.Add(row);
            previous = row;
        }
        if (rows.Count == 0)
            return Fail("the export holds no entries");
        if (checkpoint is null)
            return Fail("the export ends without a signed checkpoint, so nothing vouches for its rows");
        if (!checkpoint.IsSignedBy(publicKey))
            return Fail($"the checkpoint at position {checkpoint.Position} is not signed by this public key");
        var covered = rows.FindIndex(r => r.Entry.Position == checkpoint.Position);
        if (checkpoint.Chain != rows[0].Entry.Chain || covered < 0 || rows[covered].Hash != checkpoint.Hash)
            return Fail($"the signed checkpoint (chain {checkpoint.Chain}, position {checkpoint.Position}) does not match the row at that position: rows up to it were altered, reordered or removed");
        var uncovered = rows.Count - covered - 1;
        return new Result(true, string.Create(CultureInfo.InvariantCulture,
            $"intact: {covered + 1} entries up to {AuditCsv.Timestamp(rows[covered].Entry.OccurredAt)} (chain {checkpoint.Chain}, position {checkpoint.Position}, signed {AuditCsv.Timestamp(checkpoint.SignedAt)})")
            + (uncovered > 0 ? $"; {uncovered} later entries are not covered by a signed checkpoint yet" : ""));
    }

    private static string? Problem(Row previous, Row row) =>
        row.Entry.Chain != previous.Entry.Chain ? $"belongs to chain {row.Entry.Chain}, the rows before it to {previous.Entry.Chain}"
        : row.Entry.Position <= previous.Entry.Position ? $"out of order: it comes after position {previous.Entry.Position}"
        : row.Entry.Position > previous.Entry.Position + 1
            ? $"rows are missing or out of order: it follows position {previous.Entry.Position}, so positions {previous.Entry.Position + 1} to {row.Entry.Position - 1} are not where they belong"
        : row.PreviousHash != previous.Hash ? $"does not chain onto row {previous.Number}"
        : null;

    private static Row? RowOf(int number, List<string> cells)
    {
        if (cells.Count != AuditCsv.Header.Count || !Guid.TryParseExact(cells[0], "D", out var id) || Time(cells[1]) is not { } at
            || !long.TryParse(cells[12], NumberStyles.None, CultureInfo.InvariantCulture, out var position))
            return null;
        string? Cell(int i) => AuditCsv.Unescape(cells[i]);
        var entry = new ChainedEntry(id, Cell(11) ?? "", position, at, Cell(2) ?? "", Cell(3) ?? "", Cell(4) ?? "",
            Cell(5), Cell(6), Cell(7), Cell(8), Cell(9), Cell(10));
        return new Row(number, entry, Cell(13) ?? "", Cell(14) ?? "");
    }

    private static Checkpoint? CheckpointOf(List<string> cells) =>
        cells.Count == 6 && Time(cells[1]) is { } signedAt && long.TryParse(cells[3], NumberStyles.None, CultureInfo.InvariantCulture, out var position)
            ? new Checkpoint(AuditCsv.Unescape(cells[2]) ?? "", position, AuditCsv.Unescape(cells[4]) ?? "", signedAt, AuditCsv.Unescape(cells[5]) ?? "")
            : null;

    private static DateTimeOffset? Time(string text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at) ? at : null;

    private static Result Fail(string message) => new(false, message);
}
