using System.Text.Json.Serialization;

namespace FragilityIndex.Definition;

/// <summary>
/// An index, as a definition file describes it: where its data come from, which indicators it computes, how it
/// normalises them and how it aggregates them into a tree of nodes up to one global score. See docs/definition-schema.md.
/// </summary>
public sealed record IndexDefinition
{
    /// <summary>A short identifier, such as <c>mednum-2020</c>.</summary>
    public string Name { get; set; } = "";

    /// <summary>What the index is, for people.</summary>
    public string Description { get; set; } = "";

    /// <summary>A preset this definition starts from; its own members replace the preset's (indicators and nodes by id).</summary>
    public string? Extends { get; set; }

    /// <summary>The named inputs. Names are what <c>--input NAME=PATH</c> overrides.</summary>
    public Dictionary<string, SourceDefinition> Sources { get; set; } = [];

    /// <summary>Where the units and their parent territories come from.</summary>
    public TerritoryDefinition? Territory { get; set; }

    /// <summary>How indicators are brought to a common scale.</summary>
    public NormalizationDefinition Normalization { get; set; } = new();

    /// <summary>The indicators, scored and context-only.</summary>
    public List<IndicatorDefinition> Indicators { get; set; } = [];

    /// <summary>The aggregation tree: components, axes and the global score.</summary>
    public List<NodeDefinition> Nodes { get; set; } = [];

    /// <summary>The id of the node that is the global score. Defaults to the one node no other node contains.</summary>
    public string? Global { get; set; }

    /// <summary>The levels to score and write; defaults to every level the territory describes, France excepted.</summary>
    public List<string>? Levels { get; set; }
}

/// <summary>One input file and how to read it.</summary>
public sealed record SourceDefinition
{
    /// <summary>The file, relative to the current directory when not absolute.</summary>
    public string? Path { get; set; }

    /// <summary>The publication behind the file (producer, title, year), named on maps and in reports.</summary>
    [JsonPropertyName("sourceNote")]
    public string? SourceNote { get; set; }

    /// <summary>
    /// Whether the index can do without this source: an optional source with no path leaves out the indicators that
    /// need it (reported in run.json); a required one must be given.
    /// </summary>
    public bool Optional { get; set; }

    /// <summary>
    /// csv, json (an array of objects), parquet, shapefile, geojson, geojsonseq, topojson or geopackage; inferred from the
    /// file's extension when absent.
    /// </summary>
    public string? Format { get; set; }

    /// <summary>A file holding the header row of a CSV published without one (the Design4Green headers.csv).</summary>
    public string? Header { get; set; }

    /// <summary>The layer of a GeoPackage or the object of a TopoJSON file, when it has several.</summary>
    public string? Layer { get; set; }

    /// <summary>The CRS of the coordinates ("EPSG:2154"), when the file does not say it (TopoJSON, X/Y columns).</summary>
    public string? Crs { get; set; }

    /// <summary>
    /// For a table: the column that holds each row's geometry as text, as open-data portals export it (the
    /// "Geo Shape" column of an OpenDataSoft CSV): a GeoJSON geometry, WKT, hex WKB, or a point "lat, lon" (the
    /// "Geo Point" column). Such a table can be the territory, or a source of places.
    /// </summary>
    public string? Geometry { get; set; }

    /// <summary>
    /// The form of <see cref="Geometry"/>: <c>geojson</c>, <c>wkt</c>, <c>wkb</c> (hexadecimal) or <c>latlon</c>.
    /// When absent it is recognised from the first non-empty value, and every other value must be of that form.
    /// </summary>
    public string? GeometryFormat { get; set; }

    /// <summary>For a file of points: the latitude column (WGS84 degrees).</summary>
    public string? Latitude { get; set; }

    /// <summary>For a file of points: the longitude column (WGS84 degrees).</summary>
    public string? Longitude { get; set; }

    /// <summary>For a file of points in projected coordinates: the X column (with <see cref="Crs"/>).</summary>
    public string? X { get; set; }

    /// <summary>For a file of points in projected coordinates: the Y column.</summary>
    public string? Y { get; set; }

    /// <summary>For a commune-level source of another vintage of the COG: how to bring its codes to the territory's.</summary>
    public PassageDefinition? Passage { get; set; }

    /// <summary>The field separator; detected among , ; tab and | when absent.</summary>
    public string? Separator { get; set; }

    /// <summary>The decimal mark of numbers: <c>.</c> (default) or <c>,</c>.</summary>
    [JsonPropertyName("decimal")]
    public string DecimalMark { get; set; } = ".";

    /// <summary><c>utf-8</c>, <c>windows-1252</c> or, when absent, detected (a BOM or valid UTF-8 means UTF-8, otherwise Windows-1252).</summary>
    public string? Encoding { get; set; }

    /// <summary>Whether the file's first record is its header. False for files whose names come from <see cref="Columns"/>.</summary>
    public bool HasHeader { get; set; } = true;

    /// <summary>The column names of a file without a header row, in order.</summary>
    public List<string>? Columns { get; set; }

    /// <summary>Lines of prose to skip before the header (the Arcep export starts with a disclaimer).</summary>
    public int SkipLines { get; set; }

    /// <summary>The column that holds the territory code of each row.</summary>
    public string? Key { get; set; }

    /// <summary>The level of the codes in <see cref="Key"/>: iris (default), commune, epci, departement or region.</summary>
    public string KeyLevel { get; set; } = "iris";

    /// <summary>Field values read as missing, besides the empty field.</summary>
    public List<string>? MissingValues { get; set; }

    /// <summary>
    /// Only the rows whose columns hold one of the values listed (column → accepted values, compared as text):
    /// Etalab's communes.json lists delegated communes under the code of their commune, so a source of it keeps
    /// <c>{ "type": ["commune-actuelle", "arrondissement-municipal"] }</c>. Rows left out are counted in run.json.
    /// </summary>
    [JsonPropertyName("where")]
    public Dictionary<string, List<string>>? RowsWhere { get; set; }

    /// <summary>
    /// The share of the units that must find a row of this source (0 to 1; 0.5 by default). A source that matches
    /// fewer is refused with its unmatched codes and their likely cause: a census keyed by commune codes against IRIS
    /// contours matches nothing. Sources that by nature cover part of a territory (Filosofi publishes IRIS figures
    /// for the larger communes only) set a lower share.
    /// </summary>
    public double MinMatch { get; set; } = 0.5;
}

/// <summary>Where the scored units and their parents come from: a source and its code columns.</summary>
public sealed record TerritoryDefinition
{
    /// <summary>The source whose rows are the units.</summary>
    public string Source { get; set; } = "";

    /// <summary>
    /// The level of the units: <c>iris</c> (the default) or <c>commune</c>, for commune contours or tables (IGN Admin
    /// Express, La MedNum's commune scores). With communes, IRIS-keyed sources are summed to their commune.
    /// </summary>
    public string UnitLevel { get; set; } = "iris";

    /// <summary>
    /// The code column of each level. The unit level's is required (iris, or commune when <see cref="UnitLevel"/> is
    /// commune); with IRIS units the commune and the département are derived from the IRIS code when absent.
    /// </summary>
    public Dictionary<string, string> Codes { get; set; } = [];

    /// <summary>The name column of each level, optional.</summary>
    public Dictionary<string, string>? Names { get; set; }

    /// <summary>A population column, the default weight of value indicators when they are rolled up.</summary>
    public string? Population { get; set; }

    /// <summary>The source of <see cref="Population"/>, when it is not the territory source (joined by IRIS code).</summary>
    public string? PopulationSource { get; set; }

    /// <summary>
    /// The share of the units whose <see cref="Population"/> must be known (default 0.95): roll-ups and reference
    /// values are weighted by it, and a unit without one weighs nothing. Fewer stop the run.
    /// </summary>
    public double MinPopulationKnown { get; set; } = 0.95;

    /// <summary>Where the levels above the commune come from when the territory source lacks them (IGN contours carry no EPCI).</summary>
    public ParentsDefinition? Parents { get; set; }

    /// <summary>Tables that name the territories of a level by their code, for levels whose sources give codes only.</summary>
    public List<LevelNamesDefinition>? NamesFrom { get; set; }

    /// <summary>
    /// Units too small for their shares to mean much (INSEE's activity and miscellaneous IRIS, a few hundred
    /// inhabitants): flagged <c>small_unit</c> in every table and left out of the IRIS rankings, rather than topping them.
    /// </summary>
    public SmallUnitsDefinition? SmallUnits { get; set; }
}

/// <summary>Which units are too small to be ranked: by their IRIS type, by their population, or both.</summary>
public sealed record SmallUnitsDefinition
{
    /// <summary>The territory source's column of IRIS types (IGN's TYP_IRIS: H habitat, A activité, D divers, Z commune).</summary>
    public string? TypeColumn { get; set; }

    /// <summary>The types that are small units (A and D).</summary>
    public List<string> Types { get; set; } = [];

    /// <summary>Below this population (the territory's population column), a unit is small; 0 for no threshold.</summary>
    public double MinPopulation { get; set; }
}

/// <summary>
/// A table that names the territories of one level: a code column and a name column of a source (the census file's
/// EPCI code and EPCI name, say). Only territories without a name take one; codes the table lacks stay unnamed.
/// </summary>
public sealed record LevelNamesDefinition
{
    /// <summary>The level named: commune, epci, departement or region.</summary>
    public string Level { get; set; } = "";

    /// <summary>The source holding the names.</summary>
    public string Source { get; set; } = "";

    /// <summary>Its column of territory codes.</summary>
    public string Code { get; set; } = "";

    /// <summary>Its column of names.</summary>
    public string Name { get; set; } = "";
}

/// <summary>
/// A reference table that gives each unit its EPCI, département and région: looked up by IRIS code, then, for an IRIS
/// the table does not know (redrawn since), by its commune.
/// </summary>
public sealed record ParentsDefinition
{
    /// <summary>The source of the table (the IRIS reference table).</summary>
    public string Source { get; set; } = "";

    /// <summary>Its IRIS code column.</summary>
    public string Iris { get; set; } = "";

    /// <summary>Its commune code column.</summary>
    public string Commune { get; set; } = "";

    /// <summary>The code column of each level it gives: epci, departement, region.</summary>
    public Dictionary<string, string> Codes { get; set; } = [];

    /// <summary>The name column of each level, optional.</summary>
    public Dictionary<string, string>? Names { get; set; }
}

/// <summary>
/// An INSEE table de passage between two vintages of the Code officiel géographique: one row per chain of codes.
/// Counts are summed over merged communes and split by population over split ones.
/// </summary>
public sealed record PassageDefinition
{
    /// <summary>The source of the table.</summary>
    public string Source { get; set; } = "";

    /// <summary>The column of the source's vintage (CODGEO_2019).</summary>
    public string From { get; set; } = "";

    /// <summary>The column of the territory's vintage (CODGEO_2024).</summary>
    public string To { get; set; } = "";
}

/// <summary>How indicators are normalised.</summary>
public sealed record NormalizationDefinition
{
    /// <summary>ratio (base 100), min-max, z-score, rank, percentile, classes or none (the value is already a score).</summary>
    public string Method { get; set; } = "ratio";

    /// <summary>The level of the reference territory: the territory at that level containing the unit. <c>france</c> for all units.</summary>
    public string Reference { get; set; } = "departement";

    /// <summary>For ratio: where reference values come from, <c>computed</c> (ratio of sums) or <c>columns</c> (each indicator's referenceColumns).</summary>
    public string ReferenceValues { get; set; } = "computed";

    /// <summary>For min-max: the target range, [0, 10] by default.</summary>
    public double[]? Range { get; set; }

    /// <summary>For classes: how many quantile classes (10 by default).</summary>
    public int Classes { get; set; } = 10;

    /// <summary>
    /// For classes: <c>rank</c> (1 + ⌊k (r − 1) / n⌋, ties in the lower class) or <c>cdf</c> (⌈k F(x)⌉, F(x) the share
    /// of units at most x: ties in the upper class, as La MedNum's 2023 deciles).
    /// </summary>
    public string ClassRule { get; set; } = "rank";

    /// <summary>
    /// How the levels above the units are scored: <c>values</c> (each level's values as ratios of sums, normalised at
    /// that level) or <c>scores</c> (each level's indicator scores are the population-weighted means of its units'
    /// scores, as La MedNum's 2023 communes and EPCI; the territory needs a population).
    /// </summary>
    public string RollUp { get; set; } = "values";

    /// <summary>
    /// For ratio, how a lower-is-more-fragile indicator is turned around: <c>inverse</c> (default: a bounded share
    /// scores 100 × (H − x) / (H − ref), the ratio of its complements; an amount 100 × ref / x; never negative) or
    /// <c>mirror</c> (200 − 100 × x / ref, La MedNum's 2019 formula, negative beyond twice the reference).
    /// </summary>
    public string Reversal { get; set; } = "inverse";
}

/// <summary>One indicator: a share or a value taken from a source.</summary>
public sealed record IndicatorDefinition
{
    /// <summary>The indicator's id: its column names in the outputs (<c>&lt;id&gt;</c>, <c>&lt;id&gt;_value</c>, …) and its name in the nodes' children.</summary>
    public string Id { get; set; } = "";

    /// <summary>The French label shown in reports.</summary>
    public string Label { get; set; } = "";

    /// <summary>The source the columns come from.</summary>
    public string Source { get; set; } = "";

    /// <summary>A share's numerator column.</summary>
    public string? Numerator { get; set; }

    /// <summary>A share's denominator column.</summary>
    public string? Denominator { get; set; }

    /// <summary>A value's column (used instead of numerator and denominator).</summary>
    public string? Value { get; set; }

    /// <summary>The column that weighs a value when it is rolled up to a larger territory; the territory's population by default.</summary>
    public string? Weight { get; set; }

    /// <summary>A factor applied to the raw value (100 to show a share as a percentage).</summary>
    public double Scale { get; set; } = 1;

    /// <summary>
    /// For a value: the range [low, high] its source values must lie in, before <see cref="Scale"/> (a rate published
    /// as a percentage: [0, 100]; as a share: [0, 1]). A row outside it is refused, naming its line: a rate of 140 %
    /// is a file read wrongly, not a territory.
    /// </summary>
    public double[]? ValueRange { get; set; }

    /// <summary>
    /// The unit of the indicator's value, as reports write it: <c>share</c> (0 to 1, shown as %), <c>percent</c>
    /// (0 to 100), <c>euros</c>, <c>km</c>, <c>per-inhabitants</c> (per <see cref="Scale"/> inhabitants), or any other
    /// text written after the number. When absent it follows from the indicator: a share or an estimated rate is a
    /// share, a distance to places is in km, a count of places is per inhabitants, a value whose
    /// <see cref="ValueRange"/> is [0, 1] or [0, 100] is a share or a percentage; any other value has none.
    /// </summary>
    public string? Unit { get; set; }

    /// <summary><c>higher-is-more-fragile</c> (default) or <c>lower-is-more-fragile</c>.</summary>
    public string Polarity { get; set; } = "higher-is-more-fragile";

    /// <summary>What a missing value becomes: <c>redistribute</c> (default), <c>impute-parent</c>, <c>zero</c> or <c>fail</c>.</summary>
    public string Missing { get; set; } = "redistribute";

    /// <summary>Reported beside the scores but not scored (La MedNum's 2023 context axis).</summary>
    public bool Context { get; set; }

    /// <summary>For reference values read from the source: the column holding the reference value for each reference level.</summary>
    public Dictionary<string, string>? ReferenceColumns { get; set; }

    /// <summary>The publication behind the data, shown in reports (free text).</summary>
    [JsonPropertyName("sourceNote")]
    public string? SourceNote { get; set; }

    /// <summary>The source of the denominator, when it is not <see cref="Source"/> (CAF recipients over census households).</summary>
    public string? DenominatorSource { get; set; }

    /// <summary>False drops the indicator (a definition that extends a preset turns off what its data cannot fill).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>For an indicator of the offer: the sources of points (France services, mediation places) it measures.</summary>
    public List<string>? Points { get; set; }

    /// <summary>
    /// With <see cref="Points"/>: <c>distance</c> (km from the unit to the nearest point), <c>count</c> (points in the
    /// unit per inhabitant, times <see cref="Scale"/>) or <c>sum</c> (the <see cref="Value"/> column of the points in the
    /// unit, per inhabitant: a local file of places with coordinates and a figure for each).
    /// </summary>
    public string? Measure { get; set; }

    /// <summary>A rate estimated by post-stratification: national rates by group applied to each unit's population structure.</summary>
    public PoststratificationDefinition? Poststratification { get; set; }

    /// <summary>
    /// Where the indicator's value comes from for the units its own source does not cover. Set by <c>extends</c> when
    /// a local definition moves a preset's indicator to its own file: the rest of the territory keeps the preset's values.
    /// </summary>
    public IndicatorFallback? Fallback { get; set; }
}

/// <summary>The columns an indicator falls back on where its own source has no value (the preset's, for a local override).</summary>
public sealed record IndicatorFallback
{
    /// <summary>The source the fallback columns are read from.</summary>
    public string Source { get; set; } = "";

    /// <summary>For a share: the numerator's formula.</summary>
    public string? Numerator { get; set; }

    /// <summary>For a share: the denominator's formula.</summary>
    public string? Denominator { get; set; }

    /// <summary>The source of the denominator, when it is not <see cref="Source"/>.</summary>
    public string? DenominatorSource { get; set; }

    /// <summary>For a value: its column.</summary>
    public string? Value { get; set; }

    /// <summary>For a value: the column that weighs it when it is rolled up.</summary>
    public string? Weight { get; set; }
}

/// <summary>
/// Applies national rates by group (Crédoc's Baromètre du numérique: non-users of the internet by age and diploma) to
/// each unit's population structure: share = Σ over cells of Π over dimensions (N_group / N_dimension) × rate_cell,
/// the dimensions being taken as independent within the unit (the census gives only their margins at IRIS level).
/// </summary>
public sealed record PoststratificationDefinition
{
    /// <summary>The source of the rates table: one column per dimension, holding the group, and a rate column.</summary>
    public string Rates { get; set; } = "";

    /// <summary>The rate column of that table (a share in [0, 1] or a percentage, see <see cref="IndicatorDefinition.Scale"/>).</summary>
    public string Rate { get; set; } = "rate";

    /// <summary>By dimension (a column of the rates table), by group (a value in it): the census column formula counting its people.</summary>
    public Dictionary<string, Dictionary<string, string>> Groups { get; set; } = [];
}

/// <summary>A node of the tree: a weighted aggregate of indicators or of other nodes.</summary>
public sealed record NodeDefinition
{
    /// <summary>The node's id: its column in the outputs and its name among its parent's children.</summary>
    public string Id { get; set; } = "";

    /// <summary>Its French label, for the maps, the report and the French CSV headers.</summary>
    public string Label { get; set; } = "";

    /// <summary>The ids of its children, indicators or nodes.</summary>
    public List<string> Children { get; set; } = [];

    /// <summary>Weights by child id; 1 for a child not named.</summary>
    public Dictionary<string, double>? Weights { get; set; }

    /// <summary><c>arithmetic</c> (weighted mean, default) or <c>geometric</c>.</summary>
    public string Aggregation { get; set; } = "arithmetic";
}
