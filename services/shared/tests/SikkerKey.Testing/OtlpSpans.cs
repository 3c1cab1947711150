using System.Text;

namespace SikkerKey.Testing;

/// <summary>One span of an OTLP trace export: enough to follow a request through the processes and count what it did.</summary>
/// <param name="Kind">OTLP's span kind: 2 server, 3 client.</param>
public sealed record ExportedSpan(string Scope, string TraceId, string SpanId, string ParentSpanId, string Name, int Kind,
    IReadOnlyDictionary<string, string> Attributes)
{
    public const int ServerKind = 2;
}

/// <summary>
/// Reads <c>ExportTraceServiceRequest</c> protobuf (opentelemetry-proto, trace/v1) by hand: the few fields a test needs,
/// without a protobuf dependency. Unknown fields are skipped, as protobuf readers do.
/// </summary>
public static class OtlpSpans
{
    public static IEnumerable<ExportedSpan> Decode(byte[] export)
    {
        var spans = new List<ExportedSpan>();
        foreach (var resourceSpans in Fields(export, 1))
            foreach (var scopeSpans in Fields(resourceSpans, 2))
            {
                var scope = Fields(scopeSpans, 1).Select(s => Text(Fields(s, 1).FirstOrDefault())).FirstOrDefault() ?? "";
                spans.AddRange(Fields(scopeSpans, 2).Select(span => Span(scope, span)));
            }
        return spans;
    }

    private static ExportedSpan Span(string scope, byte[] span)
    {
        var attributes = new Dictionary<string, string>();
        foreach (var keyValue in Fields(span, 9))
        {
            var key = Text(Fields(keyValue, 1).FirstOrDefault());
            var value = Fields(keyValue, 2).FirstOrDefault() is { } any ? AnyValueText(any) : "";
            attributes[key] = value;
        }
        return new ExportedSpan(scope, Hex(Fields(span, 1).FirstOrDefault()), Hex(Fields(span, 2).FirstOrDefault()), Hex(Fields(span, 4).FirstOrDefault()),
            Text(Fields(span, 5).FirstOrDefault()), (int)Varints(span, 6).FirstOrDefault(), attributes);
    }

    /// <summary>AnyValue: a string (1) as itself, an int (3) or a bool (2) as decimal; anything else empty.</summary>
    private static string AnyValueText(byte[] any)
    {
        if (Fields(any, 1).FirstOrDefault() is { } text)
            return Text(text);
        if (Varints(any, 3).Cast<ulong?>().FirstOrDefault() is { } number)
            return ((long)number).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Varints(any, 2).Cast<ulong?>().FirstOrDefault() is { } flag ? (flag != 0).ToString() : "";
    }

    private static string Text(byte[]? bytes) => bytes is null ? "" : Encoding.UTF8.GetString(bytes);

    private static string Hex(byte[]? bytes) => bytes is null ? "" : Convert.ToHexStringLower(bytes);

    /// <summary>Every length-delimited field numbered <paramref name="number"/> of one message.</summary>
    private static List<byte[]> Fields(byte[] message, int number) =>
        Walk(message).Where(f => f.Number == number && f.Bytes is not null).Select(f => f.Bytes!).ToList();

    private static List<ulong> Varints(byte[] message, int number) =>
        Walk(message).Where(f => f.Number == number && f.Bytes is null).Select(f => f.Value).ToList();

    private static List<(int Number, byte[]? Bytes, ulong Value)> Walk(byte[] message)
    {
        var fields = new List<(int, byte[]?, ulong)>();
        var position = 0;
        while (position < message.Length)
        {
            var tag = ReadVarint(message, ref position);
            var number = (int)(tag >> 3);
            switch (tag & 7)
            {
                case 0:
                    fields.Add((number, null, ReadVarint(message, ref position)));
                    break;
                case 1:
                    position += 8;
                    break;
                case 2:
                    var length = (int)ReadVarint(message, ref position);
                    fields.Add((number, message[position..(position + length)], 0));
                    position += length;
                    break;
                case 5:
                    position += 4;
                    break;
                default:
                    throw new FormatException($"protobuf wire type {tag & 7} at byte {position}");
            }
        }
        return fields;
    }

    private static ulong ReadVarint(byte[] message, ref int position)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = message[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
                return value;
        }
    }
}
