using System.Globalization;
using System.Text;
using FragilityIndex.Definition;
using FragilityIndex.Diagnostics;
using NetTopologySuite.Geometries;

namespace FragilityIndex.Ingestion;

/// <summary>
/// Collects the asked-for columns of a source whose records arrive as typed values (JSON, Parquet, shapefile, GeoJSON,
/// GeoPackage): text columns as strings (a number that arrives where a code is expected is written back without
/// decimals), numeric columns as doubles, with masked strings read as missing and counted.
/// </summary>
internal sealed class RowTableBuilder
{
    private readonly string _fileName;
    private readonly (string Name, int Position)[] _text;
    private readonly (string Name, int Position)[] _numbers;
    private readonly Dictionary<string, List<string>> _textValues;
    private readonly Dictionary<string, List<double>> _numberValues;
    private readonly Dictionary<string, int> _missing;
    private readonly HashSet<string> _masked;
    private readonly bool _decimalComma;
    private readonly List<int> _lines = [];
    private readonly List<Geometry> _geometries = [];

    public RowTableBuilder(string fileName, IReadOnlyList<string> header, SourceDefinition source,
        IReadOnlyCollection<string> textColumns, IReadOnlyCollection<string> numberColumns)
    {
        _fileName = fileName;
        _text = textColumns.Select(c => (c, ColumnResolver.Find(header, c, fileName, 0))).ToArray();
        _numbers = numberColumns.Select(c => (c, ColumnResolver.Find(header, c, fileName, 0))).ToArray();
        _textValues = _text.ToDictionary(c => c.Name, _ => new List<string>(), StringComparer.Ordinal);
        _numberValues = _numbers.ToDictionary(c => c.Name, _ => new List<double>(), StringComparer.Ordinal);
        _missing = _numbers.ToDictionary(c => c.Name, _ => 0, StringComparer.Ordinal);
        _masked = CsvSourceReader.MaskedSet(source);
        _decimalComma = source.DecimalMark == ",";
    }

    /// <summary>The number of rows added.</summary>
    public int Count => _lines.Count;

    /// <summary>Adds one record; <paramref name="valueAt"/> gives the value at a header position. <paramref name="line"/> is its line or feature number.</summary>
    public void Add(int line, Func<int, object?> valueAt, Geometry? geometry = null)
    {
        _lines.Add(line);
        foreach (var (name, position) in _text) _textValues[name].Add(AsText(valueAt(position)));
        foreach (var (name, position) in _numbers)
        {
            var value = AsNumber(valueAt(position), out var missing);
            if (missing) _missing[name]++;
            else if (!double.IsFinite(value))
                throw FragilityException.InFile(_fileName, line, name, $"expected a number, found '{Excerpt.Of(AsText(valueAt(position)))}'");
            _numberValues[name].Add(value);
        }

        if (geometry is not null) _geometries.Add(geometry);
    }

    /// <summary>The table; <paramref name="crs"/> and the geometries for a layer of features.</summary>
    public SourceTable Build(string name, IngestionReport report, Geography.Crs? crs = null)
    {
        if (_lines.Count == 0) throw FragilityException.InFile(_fileName, 0, null, "the file has no records");
        return new SourceTable(name, _fileName, [.. _lines],
            _textValues.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray(), StringComparer.Ordinal),
            _numberValues.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray(), StringComparer.Ordinal),
            report with { MissingCounts = _missing })
        {
            Geometries = _geometries.Count == _lines.Count ? [.. _geometries] : null,
            Crs = crs,
        };
    }

    internal static string AsText(object? value) => value switch
    {
        null => "",
        string s => s.Trim(),
        double d when Math.Abs(d) < 1e15 && d == Math.Floor(d) => ((long)d).ToString(CultureInfo.InvariantCulture),
        decimal m when m == decimal.Floor(m) => decimal.ToInt64(m).ToString(CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private double AsNumber(object? value, out bool missing)
    {
        missing = false;
        switch (value)
        {
            case null:
                missing = true;
                return double.NaN;
            case double d:
                return d;
            case float f:
                return f;
            case decimal m:
                return (double)m;
            case long l:
                return l;
            case int i:
                return i;
            case short s:
                return s;
            case bool b:
                return b ? 1 : 0;
            case string text:
                Span<byte> scratch = stackalloc byte[64];
                return CsvSourceReader.ParseNumber(Encoding.UTF8.GetBytes(text), _decimalComma, scratch, _masked, out missing);
            default:
                return double.NaN;
        }
    }
}
