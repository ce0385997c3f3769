using System.Text;
using FragilityIndex.Definition;
using FragilityIndex.Diagnostics;
using FragilityIndex.Export;
using FragilityIndex.Orchestration;
using FragilityIndex.Scoring;
using Microsoft.Data.Analysis;

namespace FragilityIndex.Tests;

/// <summary>
/// The library as a user's code sees it (<see cref="Fragility"/>): a preset scored from a folder, its tables as
/// DataFrames typed by role, a source handed in as a stream, the exports written to streams.
/// </summary>
public sealed class LibraryTests
{
    private static readonly IndexSources Sample = IndexSources.RelativeTo(SharedData.RepositoryRoot);

    [Fact]
    public void Score_DefaultPresetOnTheSample_GivesTypedTablesOfEveryLevel()
    {
        var scored = Fragility.Score(Fragility.Preset("default"), Sample);
        Assert.Equal([TerritoryLevel.Iris, TerritoryLevel.Commune, TerritoryLevel.Epci, TerritoryLevel.Departement, TerritoryLevel.Region, TerritoryLevel.France], scored.Levels);
        var iris = scored.Table(TerritoryLevel.Iris);
        var scores = scored.Scores(TerritoryLevel.Iris);
        Assert.Equal(51, iris.Rows.Count);
        Assert.IsType<StringDataFrameColumn>(iris["code"]);
        Assert.IsType<StringDataFrameColumn>(iris["commune_code"]);
        Assert.IsType<DoubleDataFrameColumn>(iris["score_global"]);
        Assert.IsType<Int32DataFrameColumn>(iris["score_global_rank"]);
        Assert.IsType<Int32DataFrameColumn>(iris["score_global_decile"]);
        Assert.Equal(3 + scores.ParentCodes.Count + scores.Columns.Count, iris.Columns.Count);

        // Every cell is the typed column's, row for row; a missing whole number is null, a missing double NaN.
        for (var row = 0; row < scores.Count; row++)
        {
            Assert.Equal(scores.Codes[row], iris["code"][row]);
            foreach (var column in scores.Columns)
            {
                var cell = iris[column.Name][row];
                if (column.IsWhole) Assert.Equal(column.Wholes[row] == ScoreColumn.Missing ? null : column.Wholes[row], (int?)cell);
                else Assert.Equal(column[row], (double)cell!);
            }
        }

        // The CSV written to a stream is fragility run's scores-iris.csv.
        using var csv = new MemoryStream();
        scored.WriteCsv(TerritoryLevel.Iris, csv);
        var header = Encoding.UTF8.GetString(csv.ToArray()).Split('\n')[0];
        Assert.StartsWith("code,", header, StringComparison.Ordinal);
        Assert.Contains(",score_global,", header, StringComparison.Ordinal);
        using var geojson = new MemoryStream();
        scored.WriteGeoJson(TerritoryLevel.Commune, geojson);
        Assert.Equal(24, System.Text.Json.JsonDocument.Parse(geojson.ToArray()).RootElement.GetProperty("features").GetArrayLength());

        // Every other export, to a stream, is what fragility run writes in its file (the same writer, the same bytes).
        var folder = Directory.CreateTempSubdirectory("fragility-library-").FullName;
        try
        {
            RunExporter.Write(scored.Outcome, name => File.Create(Path.Combine(folder, name)), new ExportOptions { Formats = OutputFormat.Parquet | OutputFormat.GeoPackage | OutputFormat.Xlsx | OutputFormat.Svg | OutputFormat.Png });
            byte[] Bytes(Action<Stream> write)
            {
                using var stream = new MemoryStream();
                write(stream);
                return stream.ToArray();
            }

            Assert.Equal(File.ReadAllBytes(Path.Combine(folder, "map-epci.parquet")), Bytes(s => scored.WriteGeoParquet(TerritoryLevel.Epci, s)));
            Assert.Equal(File.ReadAllBytes(Path.Combine(folder, "map.gpkg")), Bytes(s => scored.WriteGeoPackage(s)));
            Assert.Equal(File.ReadAllBytes(Path.Combine(folder, "scores.xlsx")), Bytes(scored.WriteWorkbook));
            Assert.Equal(File.ReadAllBytes(Path.Combine(folder, "choropleth-iris.svg")), Bytes(s => scored.WriteMap(TerritoryLevel.Iris, s)));
            Assert.Equal(File.ReadAllBytes(Path.Combine(folder, "choropleth-commune.png")), Bytes(s => scored.WriteMap(TerritoryLevel.Commune, s, png: true)));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void ASourceGivenAsAStream_ReplacesTheDefinitionsFile()
    {
        // The sample's census with every population doubled: shares unchanged, the IRIS populations twice theirs.
        var census = File.ReadAllLines(Path.Combine(SharedData.RepositoryRoot, "data", "sample", "census.csv"));
        var columns = census[0].Split(';');
        var population = Array.IndexOf(columns, "P16_POP");
        var doubled = census.Take(1).Concat(census.Skip(1).Select(line =>
        {
            var cells = line.Split(';');
            cells[population] = (2 * double.Parse(cells[population], System.Globalization.CultureInfo.InvariantCulture)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return string.Join(';', cells);
        }));
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(string.Join('\n', doubled) + "\n"));
        var definition = Fragility.Preset("default");
        var plain = Fragility.Score(definition, Sample).Scores(TerritoryLevel.Iris);
        var given = Fragility.Score(definition, Sample.With("census", stream, "census-doubled.csv")).Scores(TerritoryLevel.Iris);
        for (var row = 0; row < plain.Count; row++) Assert.Equal(2 * plain["population"][row], given["population"][row], 9);
        Assert.Contains(Fragility.Validate(definition, Sample), w => w.Contains("caf.csv", StringComparison.Ordinal));
    }

    [Fact]
    public void Presets_ResolveFromTheLibrary_AndABadDefinitionNamesItsLine()
    {
        Assert.Contains("mednum-2023", Fragility.Presets);
        using var json = new MemoryStream(Encoding.UTF8.GetBytes("{\n  \"extends\": \"default\",\n  \"normalization\": { \"method\": \"bogus\" }\n}"));
        var error = Assert.Throws<FragilityException>(() => Fragility.DefinitionFrom(json, "mine.json"));
        Assert.StartsWith("mine.json:3:", error.Message, StringComparison.Ordinal);
    }
}
