using System.Diagnostics;
using System.Globalization;

namespace FragilityIndex.Cli.Output;

/// <summary>
/// Progress of a long step on stderr. On a terminal, one line redrawn in place at most ten times a second: a bar, the
/// count done of the total, and the rate ("reading ██████░░░░ 180.2 / 261.4 MB, 95.1 MB/s"); the plain progress lines
/// are written above it and the bar is wiped when the step ends. Elsewhere (a file, a pipe, a test's writer), nothing
/// but the plain lines, as before. Reports may come from several threads.
/// </summary>
internal sealed class ProgressBar
{
    private const int Width = 24;
    private readonly TextWriter _writer;
    private readonly bool _terminal;
    private readonly Stopwatch _clock = new();
    private readonly object _gate = new();
    private string _step = "";
    private string _unit = "";
    private double _scale = 1;
    private long _done, _total;
    private long _lastDrawn = -1;
    private bool _shown;

    public ProgressBar(TextWriter writer, bool terminal)
    {
        _writer = writer;
        _terminal = terminal;
    }

    /// <summary>For stderr: a bar when it is a terminal and the progress is not silenced.</summary>
    public static ProgressBar For(TextWriter progress) =>
        new(progress, !ReferenceEquals(progress, TextWriter.Null) && ReferenceEquals(progress, Console.Error) && !Console.IsErrorRedirected);

    /// <summary>Starts a step of <paramref name="total"/> in <paramref name="unit"/> (shown divided by <paramref name="scale"/>: bytes as MB).</summary>
    public void Start(string step, long total, string unit, double scale = 1)
    {
        lock (_gate)
        {
            (_step, _total, _unit, _scale, _done, _lastDrawn) = (step, total, unit, scale, 0, -1);
            _clock.Restart();
        }
    }

    /// <summary>Adds <paramref name="count"/> to the total (files found as the step goes).</summary>
    public void Grow(long count)
    {
        lock (_gate) _total += count;
    }

    /// <summary>Adds <paramref name="count"/> to what is done.</summary>
    public void Advance(long count)
    {
        if (!_terminal) return;
        lock (_gate)
        {
            _done += count;
            if (_lastDrawn >= 0 && _clock.ElapsedMilliseconds - _lastDrawn < 100 && _done < _total) return;
            Draw();
        }
    }

    /// <summary>A plain progress line: above the bar on a terminal.</summary>
    public void Line(string text)
    {
        lock (_gate)
        {
            if (_shown) Wipe();
            _writer.WriteLine(text);
            if (_terminal && _lastDrawn >= 0) Draw();
        }
    }

    /// <summary>Ends the step: the bar goes.</summary>
    public void Stop()
    {
        lock (_gate)
        {
            if (_shown) Wipe();
            (_total, _lastDrawn) = (0, -1);
        }
    }

    /// <summary>The bar's text for a count done of a total after some seconds (what a terminal shows).</summary>
    internal static string Render(string step, long done, long total, string unit, double scale, double seconds)
    {
        // A file read twice (its encoding checked first) counts twice: what is shown stops at the total.
        done = Math.Min(done, total);
        var share = total > 0 ? (double)done / total : 0;
        var filled = (int)Math.Round(share * Width);
        var rate = seconds > 0 ? done / scale / seconds : 0;
        string Number(double value) => value.ToString(scale == 1 ? "N0" : "N1", CultureInfo.InvariantCulture);
        return $"{step} {new string('█', filled)}{new string('░', Width - filled)} {Number(done / scale)} / {Number(total / scale)} {unit}, {Number(rate)} {unit}/s";
    }

    private void Draw()
    {
        _lastDrawn = _clock.ElapsedMilliseconds;
        _writer.Write($"\r{Render(_step, _done, _total, _unit, _scale, _clock.Elapsed.TotalSeconds)}\u001b[K");
        _writer.Flush();
        _shown = true;
    }

    private void Wipe()
    {
        _writer.Write("\r\u001b[K");
        _shown = false;
    }
}
