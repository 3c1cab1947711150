namespace SikkerKey.Bench;

/// <summary>The load the numbers were measured under: on a shared machine only ratios from one run compare.</summary>
internal static class MachineState
{
    public static void Print(string when) =>
        Console.WriteLine($"machine {when}: {Environment.ProcessorCount} cores, load average {string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3))} (1, 5, 15 min)");
}
