using FragilityIndex.Export;

namespace FragilityIndex.Tests.Export;

/// <summary>The report says the engine's warnings in French: each as the engine writes it, and the French sentence.</summary>
public sealed class WarningsInFrenchTests
{
    [Theory]
    [InlineData("data/sample/places.csv: 1 rows without coordinates set aside", "data/sample/places.csv : 1 ligne(s) sans coordonnées, laissées de côté")]
    [InlineData("data/sample/mobile.csv: 1 of 51 units have no row (matched by commune code 'CODE_INSEE'); their values are missing",
        "data/sample/mobile.csv : 1 des 51 unités n'y ont pas de ligne (jointure par code commune « CODE_INSEE ») ; leurs valeurs manquent")]
    [InlineData("data/sample/caf.csv: 2 rows whose code names no territory (99999, XXXXX or empty) set aside",
        "data/sample/caf.csv : 2 ligne(s) dont le code ne désigne aucun territoire (99999, XXXXX ou vide), laissées de côté")]
    [InlineData("22.csv: 414 codes repaired (a leading zero lost, a .0 suffix, spaces, or scientific notation with every digit kept)",
        "22.csv : 414 code(s) réparé(s) (zéro initial perdu, suffixe .0, espaces ou notation scientifique)")]
    [InlineData("parents.csv: 1 IRIS had no epci code and took it from the COG 2023, through their commune", "parents.csv : 1 IRIS sans code epci l'ont pris dans le COG 2023, par leur commune")]
    [InlineData("69.csv: the population is unknown for 4 of 752 units (690190201, 690720104): they weigh nothing in roll-ups and reference values",
        "69.csv : population inconnue pour 4 des 752 unités (690190201, 690720104) ; elles ne pèsent rien dans les agrégations ni dans les valeurs de référence")]
    [InlineData("dep22.dbf: no .cpg; its text is valid UTF-8 and was read as such", "dep22.dbf : pas de fichier .cpg ; son texte, de l'UTF-8 valide, a été lu comme tel")]
    public void Of_KnownWarning_IsItsFrenchSentence(string warning, string french) => Assert.Equal(french, WarningsInFrench.Of(warning));

    [Fact]
    public void Of_UnknownWarning_IsMarkedAsTheToolsMessage() =>
        Assert.Equal("(message de l'outil) something new", WarningsInFrench.Of("something new"));
}
