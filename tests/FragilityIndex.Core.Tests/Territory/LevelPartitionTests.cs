using FragilityIndex.Definition;
using FragilityIndex.Territory;

namespace FragilityIndex.Tests.Territory;

/// <summary>
/// A level's territories are its distinct codes in ordinal order, whatever the order of the units: codes already in
/// order (one pass over runs) and codes in any order (a table and a sort) give the same partition.
/// </summary>
public sealed class LevelPartitionTests
{
    [Fact]
    public void CodesInOrder_AreNumberedByRuns()
    {
        var partition = LevelPartition.FromUnitCodes(TerritoryLevel.Commune,
            ["2A004", "2A004", "69001", "69002", "69002", "69002"], ["", "Ajaccio", "Affoux", "Aigueperse", "", "x"]);
        Assert.Equal(["2A004", "69001", "69002"], partition.Codes);
        Assert.Equal([0, 0, 1, 2, 2, 2], partition.GroupOfUnit);
        // The first name given for a territory, in unit order.
        Assert.Equal(["Ajaccio", "Affoux", "Aigueperse"], partition.Names);
        Assert.Equal([0, 2, 3], partition.FirstUnit);
        Assert.Equal([2, 1, 3], partition.UnitCounts);
    }

    [Fact]
    public void CodesInAnyOrder_GiveTheSamePartitionAsSorted()
    {
        // "69" sorts before "6A…" and "2B" after "2A": ordinal, not numeric or cultural order.
        string[] codes = ["69002", "2B033", "69001", "2A004", "69002", "2B033"];
        var partition = LevelPartition.FromUnitCodes(TerritoryLevel.Commune, codes, ["Aigueperse", "", "Affoux", "Ajaccio", "", "Bastia"]);
        Assert.Equal(["2A004", "2B033", "69001", "69002"], partition.Codes);
        Assert.Equal([3, 1, 2, 0, 3, 1], partition.GroupOfUnit);
        Assert.Equal(["Ajaccio", "Bastia", "Affoux", "Aigueperse"], partition.Names);
        Assert.Equal([3, 1, 2, 0], partition.FirstUnit);

        var order = Enumerable.Range(0, codes.Length).OrderBy(u => codes[u], StringComparer.Ordinal).ToArray();
        var sorted = LevelPartition.FromUnitCodes(TerritoryLevel.Commune, order.Select(u => codes[u]).ToArray());
        Assert.Equal(partition.Codes, sorted.Codes);
        Assert.Equal(order.Select(u => partition.GroupOfUnit[u]), sorted.GroupOfUnit);
    }
}
