using FragilityIndex.Cli.Output;

namespace FragilityIndex.Cli.Tests.Output;

/// <summary>The progress bar: its text, redrawn in place on a terminal, absent elsewhere.</summary>
public sealed class ProgressBarTests
{
    [Fact]
    public void Render_ShowsTheShareTheCountsAndTheRate()
    {
        // 130.5 of 261 MB in 3 s: half the bar, 43.5 MB/s.
        var text = ProgressBar.Render("reading", 130_500_000, 261_000_000, "MB", 1e6, 3);
        Assert.Equal($"reading {new string('█', 12)}{new string('░', 12)} 130.5 / 261.0 MB, 43.5 MB/s", text);
        // Counted in units: whole numbers; more done than the total (a file read twice) stops at the total.
        Assert.Equal($"writing {new string('█', 24)} 10 / 10 files, 5 files/s", ProgressBar.Render("writing", 12, 10, "files", 1, 2));
    }

    [Fact]
    public void OnATerminal_TheBarIsRedrawnInPlace_AndWipedForEachLine()
    {
        var writer = new StringWriter();
        var bar = new ProgressBar(writer, terminal: true);
        bar.Start("writing", 2, "files");
        bar.Line("writing out/a.csv");
        bar.Advance(1);
        bar.Advance(1);
        bar.Stop();
        var text = writer.ToString();
        Assert.StartsWith("writing out/a.csv" + Environment.NewLine, text, StringComparison.Ordinal);
        Assert.Contains("\r" + $"writing {new string('█', 12)}{new string('░', 12)} 1 / 2 files", text, StringComparison.Ordinal);
        Assert.Contains(" 2 / 2 files", text, StringComparison.Ordinal);
        Assert.EndsWith("\r\u001b[K", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Elsewhere_OnlyThePlainLinesAreWritten()
    {
        var writer = new StringWriter();
        var bar = new ProgressBar(writer, terminal: false);
        bar.Start("reading", 100, "MB", 1e6);
        bar.Line("reading data/sample/census.csv");
        bar.Advance(50);
        bar.Stop();
        Assert.Equal("reading data/sample/census.csv" + Environment.NewLine, writer.ToString());
    }
}
