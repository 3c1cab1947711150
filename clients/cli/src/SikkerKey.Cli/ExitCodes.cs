namespace SikkerKey.Cli;

/// <summary>Besides these, <c>run</c> exits with its command's own exit code.</summary>
internal static class ExitCodes
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int Usage = 2;

    // As POSIX shells report them.
    public const int CannotExecute = 126;
    public const int CommandNotFound = 127;
}
