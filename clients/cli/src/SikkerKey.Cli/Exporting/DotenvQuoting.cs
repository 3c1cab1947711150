namespace SikkerKey.Cli.Exporting;

/// <summary>
/// Single quotes where the value allows: every dotenv reader (Node's dotenv and --env-file, docker compose,
/// python-dotenv, godotenv) takes them literally, with no escapes and no ${VAR} expansion. A value holding a single
/// quote or a line break gets double quotes with the escapes \\ \" \n \r and \$ (compose, godotenv, python-dotenv).
/// </summary>
internal static class DotenvQuoting
{
    public static string Quote(string value) => value.IndexOfAny(['\'', '\n', '\r']) < 0
        ? $"'{value}'"
        : DoubleQuoted.Quote(value, c => c switch
        {
            '\\' => @"\\",
            '"' => "\\\"",
            '\n' => @"\n",
            '\r' => @"\r",
            '$' => @"\$",
            _ => null,
        });
}
