using System.Text.Json;
using FragilityIndex.Definition;
using FragilityIndex.Territory;

namespace FragilityIndex.Tests.Territory;

/// <summary>The embedded COG 2023 against the Etalab package it was made from (../shared/data/real/cog2023_etalab).</summary>
public sealed class CogTableTests
{
    [SkippableFact]
    public void EveryCommuneAndArrondissement_HasEtalabsNameParentsPopulationAndEpci()
    {
        using var communes = JsonDocument.Parse(File.ReadAllBytes(SharedData.Find("data/real/cog2023_etalab/communes.json")));
        using var epcis = JsonDocument.Parse(File.ReadAllBytes(SharedData.Find("data/real/cog2023_etalab/epci.json")));
        var epciOf = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var epci in epcis.RootElement.EnumerateArray())
            foreach (var member in epci.GetProperty("membres").EnumerateArray()) epciOf[member.GetProperty("code").GetString()!] = epci.GetProperty("code").GetString()!;

        var cog = CogTable.Cog2023;
        var populations = cog.CommunePopulations().ToDictionary(p => p.Code, p => p.Population, StringComparer.Ordinal);
        var compared = 0;
        foreach (var commune in communes.RootElement.EnumerateArray())
        {
            var type = commune.GetProperty("type").GetString();
            if (type is not ("commune-actuelle" or "arrondissement-municipal")) continue;
            var code = commune.GetProperty("code").GetString()!;
            Assert.Equal(commune.GetProperty("nom").GetString(), cog.NameOf(TerritoryLevel.Commune, code));
            var parents = cog.ParentsOf(code);
            Assert.True(parents.HasValue, code);
            Assert.Equal(commune.GetProperty("departement").GetString(), parents.Value.Departement);
            Assert.Equal(commune.GetProperty("region").GetString(), parents.Value.Region);
            // An arrondissement's EPCI is its city's (the EPCI lists the city); a commune in no EPCI (islands) carries
            // INSEE's code for none.
            var city = TerritoryCodes.CityOfArrondissement(code) ?? code;
            Assert.Equal(epciOf.GetValueOrDefault(city, "ZZZZZZZZZ"), parents.Value.Epci);
            var population = commune.TryGetProperty("population", out var p) ? p.GetInt32() : 0;
            Assert.Equal(population, populations[code]);
            compared++;
        }

        Assert.Equal(35_039 + 45, compared);
        Assert.Equal("Rhône", cog.NameOf(TerritoryLevel.Departement, "69"));
        Assert.Equal("84", cog.RegionOf("69"));
        Assert.Contains("69123", cog.CommunesOf("69"));
        Assert.DoesNotContain("69381", cog.CommunesOf("69"));
    }
}
