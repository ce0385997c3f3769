namespace FragilityIndex.Cli;

internal static class Program
{
    public static int Main(string[] args) => FragilityCli.Run(args, Console.Out, Console.Error);
}
