using FragilityIndex.Definition;
using FragilityIndex.Diagnostics;
using FragilityIndex.Geography;
using Microsoft.Data.Sqlite;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace FragilityIndex.Ingestion;

/// <summary>
/// Reads a layer of a GeoPackage (IGN's CONTOURS-IRIS 3.0 ships layer contours_iris, geometry column geometrie):
/// the table through SQLite, the geometry blobs with NetTopologySuite, the CRS from gpkg_spatial_ref_sys.
/// </summary>
internal static class GeoPackageSourceReader
{
    public static SourceTable Read(SourceFile file, string name, SourceDefinition source, Crs? declaredCrs,
        IReadOnlyCollection<string> textColumns, IReadOnlyCollection<string> numberColumns)
    {
        // SQLite reads files, not streams: a GeoPackage held in memory goes through a temporary copy.
        string? temporary = null;
        var path = file.FullPath;
        if (path is null)
        {
            temporary = Path.Combine(Path.GetTempPath(), $"fragility-{Guid.NewGuid():N}.gpkg");
            using var input = file.Open();
            using var output = File.Create(temporary);
            input.CopyTo(output);
            path = temporary;
        }

        try
        {
            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            connection.Open();
            var (table, geometryColumn, srsId) = PickLayer(connection, source.Layer, file.DisplayName);
            var crs = declaredCrs ?? CrsOf(connection, srsId, file.DisplayName);
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM \"{table.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
            using var reader = command.ExecuteReader();
            var header = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToArray();
            var geometryPosition = Array.IndexOf(header, geometryColumn);
            var builder = new RowTableBuilder(file.DisplayName, header, source, textColumns, numberColumns);
            var geometryReader = new GeoPackageGeoReader();
            var row = 0;
            while (reader.Read())
            {
                row++;
                if (reader.IsDBNull(geometryPosition)) throw FragilityException.InFile(file.DisplayName, row, geometryColumn, $"feature {row} of layer '{table}' has no geometry");
                Geometry geometry;
                try
                {
                    geometry = geometryReader.Read((byte[])reader.GetValue(geometryPosition));
                }
                catch (Exception e) when (e is not FragilityException)
                {
                    throw FragilityException.InFile(file.DisplayName, row, geometryColumn, $"feature {row} of layer '{table}': its geometry blob is broken: {SourceReader.OneLine(e.Message)}");
                }

                builder.Add(row, position => reader.IsDBNull(position) ? null : reader.GetValue(position), geometry);
            }

            return builder.Build(name, new IngestionReport { Format = "geopackage" }, crs);
        }
        catch (SqliteException e)
        {
            throw FragilityException.InFile(file.DisplayName, 0, null, $"not a readable GeoPackage: {SourceReader.OneLine(e.Message)}");
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            if (temporary is not null) File.Delete(temporary);
        }
    }

    private static (string Table, string GeometryColumn, int SrsId) PickLayer(SqliteConnection connection, string? layer, string fileName)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT table_name, column_name, srs_id FROM gpkg_geometry_columns ORDER BY table_name";
        var layers = new List<(string, string, int)>();
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read()) layers.Add((reader.GetString(0), reader.GetString(1), reader.GetInt32(2)));
        }

        if (layer is not null)
            return layers.FirstOrDefault(l => l.Item1 == layer) is { Item1: not null } found ? found
                : throw FragilityException.InFile(fileName, 0, null, $"no layer '{layer}': expected one of {string.Join(", ", layers.Select(l => l.Item1))}");
        return layers.Count == 1 ? layers[0]
            : throw FragilityException.InFile(fileName, 0, null, layers.Count == 0 ? "the GeoPackage has no layer of features"
                : $"the GeoPackage has {layers.Count} layers ({string.Join(", ", layers.Select(l => l.Item1))}): name one with \"layer\"");
    }

    private static Crs CrsOf(SqliteConnection connection, int srsId, string fileName)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT organization, organization_coordsys_id, definition FROM gpkg_spatial_ref_sys WHERE srs_id = $id";
        command.Parameters.AddWithValue("$id", srsId);
        using var reader = command.ExecuteReader();
        if (!reader.Read()) throw FragilityException.InFile(fileName, 0, null, $"srs_id {srsId} is not in gpkg_spatial_ref_sys");
        if (string.Equals(reader.GetString(0), "EPSG", StringComparison.OrdinalIgnoreCase) && CrsCatalog.FromName($"EPSG:{reader.GetInt32(1)}") is { } byCode) return byCode;
        return CrsCatalog.FromWkt(reader.GetString(2))
            ?? throw FragilityException.InFile(fileName, 0, null, $"unsupported coordinate system {reader.GetString(0)}:{reader.GetInt32(1)}");
    }
}
