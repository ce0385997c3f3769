using System.Globalization;
using System.Security.Cryptography;

namespace FragilityIndex.Cli.Tests;

/// <summary>
/// <c>fragility synth --national</c>: a France at real size from the COG 2023, deterministic from its seed, whose
/// contours are valid polygons that tile each commune.
/// </summary>
public sealed class NationalSynthTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("fragility-national-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public void NationalSynth_IsFranceAtRealSize_AndTheSameForTheSameSeed()
    {
        var (a, b) = (Path.Combine(_work, "a"), Path.Combine(_work, "b"));
        var (exit, _, error) = FragilityProcess.InProcess("synth", "--national", "--out", a);
        Assert.True(exit == 0, error);

        // The IRIS count worked out here from the COG table itself: the communes with a population (Paris, Lyon and
        // Marseille by arrondissement, no collectivité without IRIS), one IRIS each, or one per 2,300 inhabitants
        // (at least 2) from 10,000.
        var expected = 0;
        foreach (var line in File.ReadLines(Path.Combine(FragilityProcess.RepositoryRoot, "data", "cog", "cog-2023.csv")).Skip(1))
        {
            var f = line.Split(';');
            if (f[0] != "commune" || !int.TryParse(f[6], CultureInfo.InvariantCulture, out var population) || population <= 0) continue;
            if (f[1] is "75056" or "69123" or "13055" || (f[3].Length == 3 && f[3] is not ("971" or "972" or "973" or "974" or "976"))) continue;
            expected += population >= 10_000 ? Math.Max(2, (int)Math.Round(population / 2300.0)) : 1;
        }

        var census = File.ReadLines(Path.Combine(a, "census.csv")).Skip(1).Select(l => l.Split(';')).ToArray();
        Assert.Equal(expected, census.Length);
        Assert.InRange(census.Length, 45_000, 52_000);
        var departements = census.Select(r => r[2]).ToHashSet(StringComparer.Ordinal);
        Assert.Subset(departements, new HashSet<string>(["2A", "2B", "971", "972", "973", "974", "976"]));
        Assert.Equal(101, departements.Count);
        Assert.Contains(census, r => r[3] == "75120");
        Assert.DoesNotContain(census, r => r[3] is "75056" or "69123" or "13055");

        // Ten million vertices or more: each IRIS strip has two jagged sides of 100 points.
        var contours = File.ReadLines(Path.Combine(a, "contours.geojson")).Where(l => l.StartsWith("{\"type\":\"Feature\"", StringComparison.Ordinal)).ToArray();
        Assert.Equal(census.Length, contours.Length);
        Assert.True(contours.Sum(l => l.Split("],[").Length) >= 10_000_000);

        // The polygons are valid, and the IRIS of a split commune tile it (their areas add up to its box's).
        var options = new System.Text.Json.JsonSerializerOptions { Converters = { new NetTopologySuite.IO.Converters.GeoJsonConverterFactory() } };
        var paris20 = contours.Where(l => l.Contains("\"INSEE_COM\":\"75120\"", StringComparison.Ordinal))
            .Select(l => System.Text.Json.JsonSerializer.Deserialize<NetTopologySuite.Features.IFeature>(l.TrimEnd(','), options)!.Geometry).ToArray();
        Assert.True(paris20.Length > 2);
        Assert.All(paris20, g => Assert.True(g.IsValid));
        var union = NetTopologySuite.Operation.Union.CascadedPolygonUnion.Union(paris20);
        Assert.Equal(union.EnvelopeInternal.Area, paris20.Sum(g => g.Area), union.EnvelopeInternal.Area * 1e-9);
        Assert.Equal(1, union.NumGeometries);

        Assert.Equal(0, FragilityProcess.InProcess("synth", "--national", "--out", b).Exit);
        foreach (var file in Directory.GetFiles(a).Select(Path.GetFileName).Where(f => f != "national.json" && !f!.StartsWith('.')))
            Assert.True(SHA256.HashData(File.ReadAllBytes(Path.Combine(a, file!))).AsSpan().SequenceEqual(SHA256.HashData(File.ReadAllBytes(Path.Combine(b, file!)))), file);
        Assert.Contains($"\"path\": \"{a.Replace("\\", "/", StringComparison.Ordinal)}/census.csv\"", File.ReadAllText(Path.Combine(a, "national.json")), StringComparison.Ordinal);
    }
}
