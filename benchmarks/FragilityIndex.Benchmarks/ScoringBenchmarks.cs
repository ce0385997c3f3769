using BenchmarkDotNet.Attributes;
using FragilityIndex.Definition;
using FragilityIndex.Definition.Plan;
using FragilityIndex.Scoring;
using FragilityIndex.Territory;

namespace FragilityIndex.Benchmarks;

/// <summary>
/// Scoring 50,000 units × 12 indicators (four components of three, one global score) at IRIS level, against each of
/// three reference levels, beside a baseline that only copies the input columns the scorer reads.
/// </summary>
[MemoryDiagnoser]
public class ScoringBenchmarks
{
    private const int Units = 50_000;
    private const int IndicatorCount = 12;
    private TerritoryModel _territory = null!;
    private IndicatorData[] _indicators = null!;
    private IndexPlan _plan = null!;

    [Params("epci", "departement", "region")]
    public string Reference { get; set; } = "departement";

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(12345);
        var iris = new string[Units];
        var communes = new string[Units];
        var epcis = new string[Units];
        var departements = new string[Units];
        var regions = new string[Units];
        for (var u = 0; u < Units; u++)
        {
            var commune = u / 5;
            var departement = 1 + (commune / 100 % 95);
            iris[u] = $"{departement:00}{commune % 1000:000}{u % 5:0000}";
            communes[u] = iris[u][..5];
            departements[u] = $"{departement:00}";
            epcis[u] = $"2{departement:00}{commune / 20 % 5:000000}";
            regions[u] = $"{departement % 13:00}";
        }

        Array.Sort(iris, (a, b) => string.CompareOrdinal(a, b));
        for (var u = 0; u < Units; u++)
        {
            communes[u] = iris[u][..5];
            departements[u] = iris[u][..2];
            epcis[u] = $"2{iris[u][..2]}{int.Parse(iris[u][2..5], System.Globalization.CultureInfo.InvariantCulture) / 100:000000}";
            regions[u] = $"{int.Parse(iris[u][..2], System.Globalization.CultureInfo.InvariantCulture) % 13:00}";
        }

        _territory = new TerritoryModel([
            LevelPartition.FromUnitCodes(TerritoryLevel.Iris, iris.Distinct().ToArray()),
            LevelPartition.FromUnitCodes(TerritoryLevel.Commune, communes),
            LevelPartition.FromUnitCodes(TerritoryLevel.Epci, epcis),
            LevelPartition.FromUnitCodes(TerritoryLevel.Departement, departements),
            LevelPartition.FromUnitCodes(TerritoryLevel.Region, regions),
        ]);

        var indicators = Enumerable.Range(0, IndicatorCount).Select(i => new IndicatorDefinition
        {
            Id = $"i{i}",
            Source = "s",
            Numerator = "n",
            Denominator = "d",
            Polarity = i % 4 == 0 ? "lower-is-more-fragile" : "higher-is-more-fragile",
        }).ToList();
        var definition = new IndexDefinition
        {
            Sources = new() { ["s"] = new SourceDefinition() },
            Territory = new TerritoryDefinition { Source = "s", Codes = new() { ["iris"] = "code" } },
            Indicators = indicators,
            Nodes =
            [
                .. Enumerable.Range(0, 4).Select(c => new NodeDefinition { Id = $"c{c}", Children = [$"i{3 * c}", $"i{(3 * c) + 1}", $"i{(3 * c) + 2}"] }),
                new NodeDefinition { Id = "score_global", Children = ["c0", "c1", "c2", "c3"] },
            ],
        };

        _plan = DefinitionCompiler.Compile(definition, "benchmark");
        var counted = Enumerable.Repeat(true, Units).ToArray();
        _indicators = _plan.Indicators.Select(planned =>
        {
            var denominator = new double[Units];
            var numerator = new double[Units];
            for (var u = 0; u < Units; u++)
            {
                denominator[u] = 200 + (random.NextDouble() * 3000);
                numerator[u] = random.Next(50) == 0 ? double.NaN : denominator[u] * random.NextDouble() * 0.4;
            }

            return IndicatorData.Share(planned, numerator, denominator, counted);
        }).ToArray();
    }

    /// <summary>The baseline: copy every input column the scorer reads (values, numerators, denominators).</summary>
    [Benchmark(Baseline = true)]
    public double CopyInputColumns()
    {
        var total = 0.0;
        foreach (var indicator in _indicators)
        {
            var values = (double[])indicator.Values.Clone();
            var numerator = (double[])indicator.RollupNumerator.Clone();
            var denominator = (double[])indicator.RollupDenominator.Clone();
            total += values[0] + numerator[1] + denominator[2];
        }

        return total;
    }

    [Benchmark]
    public int ScoreIrisLevel()
    {
        var scorer = new IndexScorer(_plan, _territory, _indicators, new ScoringOptions
        {
            ReferenceLevel = TerritoryLevels.Parse(Reference),
            Levels = [TerritoryLevel.Iris],
        });
        return scorer.Score().Levels[0].Count;
    }
}
