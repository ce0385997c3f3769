#:project ../src/FragilityIndex.Core/FragilityIndex.Core.csproj
// Scores the embedded sample with the default preset and prints its ten most fragile IRIS.
// From the repository's root: dotnet run examples/score.cs
using FragilityIndex;
using FragilityIndex.Definition;

var scored = Fragility.Score(Fragility.Preset("default"), IndexSources.RelativeTo("."));
var iris = scored.Table(TerritoryLevel.Iris);
var mostFragile = iris.OrderByDescending("score_global").Head(10);
foreach (var row in mostFragile.Rows)
    Console.WriteLine($"{row["code"]}  {row["name"],-32}  {(double)row["score_global"]:F1}");
