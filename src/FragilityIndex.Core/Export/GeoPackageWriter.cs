using FragilityIndex.Definition;
using FragilityIndex.Geography;
using FragilityIndex.Scoring;
using Microsoft.Data.Sqlite;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace FragilityIndex.Export;

/// <summary>One layer of a GeoPackage: the scores of a level and the contour of each of its territories.</summary>
internal sealed record GeoPackageLayer(LevelScores Scores, Geometry[] Geometries)
{
    /// <summary>The layer's description in gpkg_contents, in French ("Indice … par IRIS : 752 IRIS, base 100 = …").</summary>
    public string Description { get; init; } = "";

    /// <summary>A title per attribute of <see cref="FeatureFields.Of"/>, in its order (gpkg_data_columns; QGIS shows them as aliases); null for none.</summary>
    public IReadOnlyList<string>? ColumnTitles { get; init; }

    /// <summary>A QGIS style (QML) QGIS applies when it opens the layer, and its name; null for none.</summary>
    public (string Name, string Qml)? Style { get; init; }
}

/// <summary>
/// Writes a GeoPackage 1.2 (OGC 12-128r15; the version GDAL 3.6, Debian 12's, reads without a warning) for QGIS and GDAL: one feature table per level, named after it (iris,
/// commune, epci, departement, region), MultiPolygons in WGS84 longitude/latitude (EPSG:4326) prepared by
/// <see cref="ExportGeometry"/>, the <see cref="FeatureFields"/> as TEXT, INTEGER and REAL columns, and the three
/// metadata tables the standard requires. The file is built in one transaction.
/// </summary>
internal static class GeoPackageWriter
{
    /// <summary>The file name of the GeoPackage: all levels in one file, one layer each.</summary>
    public const string FileName = "map.gpkg";

    // gpkg_contents.last_change is required: a fixed date (the caller's, the Unix epoch by default) keeps the file
    // byte-identical from one run to the next.
    private static string Iso8601(DateTimeOffset date) =>
        date.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);

    private const string Wgs84Wkt = "GEOGCS[\"WGS 84\",DATUM[\"WGS_1984\",SPHEROID[\"WGS 84\",6378137,298.257223563,AUTHORITY[\"EPSG\",\"7030\"]],AUTHORITY[\"EPSG\",\"6326\"]],PRIMEM[\"Greenwich\",0,AUTHORITY[\"EPSG\",\"8901\"]],UNIT[\"degree\",0.0174532925199433,AUTHORITY[\"EPSG\",\"9122\"]],AUTHORITY[\"EPSG\",\"4326\"]]";

    private const string Schema = """
        PRAGMA application_id = 1196444487;
        PRAGMA user_version = 10200;
        CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER NOT NULL PRIMARY KEY, organization TEXT NOT NULL,
          organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT);
        CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE,
          description TEXT DEFAULT '', last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
          min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
          CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id));
        CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL,
          srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL,
          CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name), CONSTRAINT uk_gc_table_name UNIQUE (table_name),
          CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
          CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id));
        INSERT INTO gpkg_spatial_ref_sys VALUES ('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined cartesian coordinate reference system');
        INSERT INTO gpkg_spatial_ref_sys VALUES ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic coordinate reference system');
        CREATE TABLE gpkg_extensions (table_name TEXT, column_name TEXT, extension_name TEXT NOT NULL, definition TEXT NOT NULL,
          scope TEXT NOT NULL, CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name));
        """;

    /// <summary>
    /// Writes the layers as a GeoPackage into <paramref name="destination"/>. SQLite writes a file, not a stream: the
    /// GeoPackage is made in a temporary file, copied into the stream, and the temporary file deleted.
    /// </summary>
    /// <param name="destination">Where the GeoPackage's bytes go.</param>
    /// <param name="layers">One layer per level, its scores and contours in the same order.</param>
    /// <param name="crs">The contours' coordinate system (they are written in WGS 84).</param>
    /// <param name="title">The identifier each layer takes, with its level.</param>
    /// <param name="options">Precision and simplification of the polygons.</param>
    /// <param name="lastChange">The date written as each layer's last change (gpkg_contents.last_change); the Unix epoch when null.</param>
    public static void Write(Stream destination, IReadOnlyList<GeoPackageLayer> layers, Crs crs, string title, GeometryOptions? options = null, DateTimeOffset? lastChange = null)
    {
        var temporary = Path.Combine(Path.GetTempPath(), $"fragility-{Guid.NewGuid():N}.gpkg");
        try
        {
            Write(temporary, layers, crs, title, options, lastChange);
            using var file = new FileStream(temporary, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            file.CopyTo(destination);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>Writes the layers into a new GeoPackage at <paramref name="path"/> (an existing file there is replaced).</summary>
    /// <param name="path">The file to write.</param>
    /// <param name="layers">One layer per level, its scores and contours in the same order.</param>
    /// <param name="crs">The contours' coordinate system (they are written in WGS 84).</param>
    /// <param name="title">The identifier each layer takes, with its level.</param>
    /// <param name="options">Precision and simplification of the polygons.</param>
    /// <param name="lastChange">The date written as each layer's last change (gpkg_contents.last_change); the Unix epoch when null.</param>
    public static void Write(string path, IReadOnlyList<GeoPackageLayer> layers, Crs crs, string title, GeometryOptions? options = null, DateTimeOffset? lastChange = null)
    {
        var change = Iso8601(lastChange ?? DateTimeOffset.UnixEpoch);
        if (File.Exists(path)) File.Delete(path);
        var prepare = new ExportGeometry(crs, options);
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false, Mode = SqliteOpenMode.ReadWriteCreate }.ToString());
        connection.Open();
        using var transaction = connection.BeginTransaction();
        Execute(connection, Schema);
        using (var srs = connection.CreateCommand())
        {
            srs.CommandText = "INSERT INTO gpkg_spatial_ref_sys VALUES ('WGS 84 geodetic', 4326, 'EPSG', 4326, $wkt, 'longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid')";
            srs.Parameters.AddWithValue("$wkt", Wgs84Wkt);
            srs.ExecuteNonQuery();
        }

        foreach (var layer in layers) WriteLayer(connection, layer, prepare, title, change);
        WriteColumnTitles(connection, layers);
        WriteStyles(connection, layers, change);
        transaction.Commit();
    }

    private static void WriteLayer(SqliteConnection connection, GeoPackageLayer layer, ExportGeometry prepare, string title, string change)
    {
        var table = layer.Scores.Level.Name();
        var fields = FeatureFields.Of(layer.Scores);
        var columns = string.Join(", ", fields.Select(f => $"\"{f.Name}\" {SqlType(f.Kind)}"));
        Execute(connection, $"CREATE TABLE \"{table}\" (fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, geom MULTIPOLYGON, {columns})");

        using var insert = connection.CreateCommand();
        insert.CommandText = $"INSERT INTO \"{table}\" (geom, {string.Join(", ", fields.Select(f => $"\"{f.Name}\""))}) VALUES ($geom, {string.Join(", ", fields.Select((_, i) => $"$p{i}"))})";
        var geometry = insert.Parameters.Add("$geom", SqliteType.Blob);
        var parameters = fields.Select((f, i) => insert.Parameters.Add($"$p{i}", f.Kind switch
        {
            FieldKind.Text => SqliteType.Text,
            FieldKind.Whole => SqliteType.Integer,
            _ => SqliteType.Real,
        })).ToArray();
        insert.Prepare();

        // Two ordinates a vertex, as gpkg_geometry_columns declares (z = 0, m = 0): the writer's default is XYZM,
        // twice the bytes, and a blob that SpatiaLite reads as unclosed rings.
        var writer = new GeoPackageGeoWriter { HandleOrdinates = Ordinates.XY };
        var extent = new Envelope();
        var envelopes = new Envelope[layer.Scores.Count];
        var prepared = prepare.PrepareAll(layer.Geometries);
        for (var row = 0; row < layer.Scores.Count; row++)
        {
            var polygons = prepare.Multi(prepared[row]);
            polygons.SRID = 4326;
            extent.ExpandToInclude(polygons.EnvelopeInternal);
            envelopes[row] = polygons.EnvelopeInternal;
            geometry.Value = writer.Write(polygons);
            for (var f = 0; f < fields.Count; f++)
            {
                var field = fields[f];
                parameters[f].Value = field.Kind switch
                {
                    FieldKind.Text => field.Text![row],
                    _ when double.IsNaN(field.Numbers![row]) => DBNull.Value,
                    FieldKind.Whole => (long)field.Numbers[row],
                    _ => field.Numbers[row],
                };
            }

            insert.ExecuteNonQuery();
        }

        using var contents = connection.CreateCommand();
        contents.CommandText = """
            INSERT INTO gpkg_contents (table_name, data_type, identifier, description, last_change, min_x, min_y, max_x, max_y, srs_id)
            VALUES ($table, 'features', $identifier, $description, $change, $minX, $minY, $maxX, $maxY, 4326);
            INSERT INTO gpkg_geometry_columns VALUES ($table, 'geom', 'MULTIPOLYGON', 4326, 0, 0);
            """;
        contents.Parameters.AddWithValue("$table", table);
        contents.Parameters.AddWithValue("$identifier", $"{title} ({LevelNames.Plural(layer.Scores.Level)})");
        contents.Parameters.AddWithValue("$description", layer.Description.Length > 0 ? layer.Description : title);
        contents.Parameters.AddWithValue("$change", change);
        contents.Parameters.AddWithValue("$minX", extent.IsNull ? DBNull.Value : extent.MinX);
        contents.Parameters.AddWithValue("$minY", extent.IsNull ? DBNull.Value : extent.MinY);
        contents.Parameters.AddWithValue("$maxX", extent.IsNull ? DBNull.Value : extent.MaxX);
        contents.Parameters.AddWithValue("$maxY", extent.IsNull ? DBNull.Value : extent.MaxY);
        contents.ExecuteNonQuery();
        WriteSpatialIndex(connection, table, envelopes);
    }

    // The GeoPackage R-tree spatial index extension (gpkg_rtree_index, GeoPackage 1.2 §F.3): QGIS and GDAL pan and
    // select through it instead of reading every geometry. The triggers the extension specifies keep it right when
    // a GIS tool edits the layer (they use the ST_ functions GIS tools provide; plain SQLite never runs them here).
    private static void WriteSpatialIndex(SqliteConnection connection, string table, Envelope[] envelopes)
    {
        var index = $"rtree_{table}_geom";
        Execute(connection, $"""
            INSERT INTO gpkg_extensions VALUES ('{table}', 'geom', 'gpkg_rtree_index', 'http://www.geopackage.org/spec120/#extension_rtree', 'write-only');
            CREATE VIRTUAL TABLE "{index}" USING rtree(id, minx, maxx, miny, maxy);
            CREATE TRIGGER "{index}_insert" AFTER INSERT ON "{table}" WHEN (new."geom" NOT NULL AND NOT ST_IsEmpty(NEW."geom"))
            BEGIN INSERT OR REPLACE INTO "{index}" VALUES (NEW."fid", ST_MinX(NEW."geom"), ST_MaxX(NEW."geom"), ST_MinY(NEW."geom"), ST_MaxY(NEW."geom")); END;
            CREATE TRIGGER "{index}_update1" AFTER UPDATE OF "geom" ON "{table}" WHEN OLD."fid" = NEW."fid" AND (NEW."geom" NOTNULL AND NOT ST_IsEmpty(NEW."geom"))
            BEGIN INSERT OR REPLACE INTO "{index}" VALUES (NEW."fid", ST_MinX(NEW."geom"), ST_MaxX(NEW."geom"), ST_MinY(NEW."geom"), ST_MaxY(NEW."geom")); END;
            CREATE TRIGGER "{index}_update2" AFTER UPDATE OF "geom" ON "{table}" WHEN OLD."fid" = NEW."fid" AND (NEW."geom" ISNULL OR ST_IsEmpty(NEW."geom"))
            BEGIN DELETE FROM "{index}" WHERE id = OLD."fid"; END;
            CREATE TRIGGER "{index}_update3" AFTER UPDATE ON "{table}" WHEN OLD."fid" != NEW."fid" AND (NEW."geom" NOTNULL AND NOT ST_IsEmpty(NEW."geom"))
            BEGIN DELETE FROM "{index}" WHERE id = OLD."fid"; INSERT OR REPLACE INTO "{index}" VALUES (NEW."fid", ST_MinX(NEW."geom"), ST_MaxX(NEW."geom"), ST_MinY(NEW."geom"), ST_MaxY(NEW."geom")); END;
            CREATE TRIGGER "{index}_update4" AFTER UPDATE ON "{table}" WHEN OLD."fid" != NEW."fid" AND (NEW."geom" ISNULL OR ST_IsEmpty(NEW."geom"))
            BEGIN DELETE FROM "{index}" WHERE id IN (OLD."fid", NEW."fid"); END;
            CREATE TRIGGER "{index}_delete" AFTER DELETE ON "{table}" WHEN old."geom" NOT NULL
            BEGIN DELETE FROM "{index}" WHERE id = OLD."fid"; END;
            """);
        using var insert = connection.CreateCommand();
        insert.CommandText = $"INSERT INTO \"{index}\" VALUES ($id, $minX, $maxX, $minY, $maxY)";
        var id = insert.Parameters.Add("$id", SqliteType.Integer);
        var minX = insert.Parameters.Add("$minX", SqliteType.Real);
        var maxX = insert.Parameters.Add("$maxX", SqliteType.Real);
        var minY = insert.Parameters.Add("$minY", SqliteType.Real);
        var maxY = insert.Parameters.Add("$maxY", SqliteType.Real);
        insert.Prepare();
        for (var row = 0; row < envelopes.Length; row++)
        {
            if (envelopes[row].IsNull) continue;
            // fid is the row's position + 1: the layer's table was filled in row order from an empty AUTOINCREMENT.
            id.Value = row + 1;
            (minX.Value, maxX.Value, minY.Value, maxY.Value) = (envelopes[row].MinX, envelopes[row].MaxX, envelopes[row].MinY, envelopes[row].MaxY);
            insert.ExecuteNonQuery();
        }
    }

    // The schema extension (GeoPackage 1.2 §F.9): a French title for each column, which QGIS shows as its alias
    // and GDAL as its alternative name, so a GIS user reads "Taux de pauvreté (valeur)", not taux_pauvrete_value.
    private static void WriteColumnTitles(SqliteConnection connection, IReadOnlyList<GeoPackageLayer> layers)
    {
        if (layers.All(l => l.ColumnTitles is null)) return;
        Execute(connection, """
            CREATE TABLE gpkg_data_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL, name TEXT, title TEXT, description TEXT,
              mime_type TEXT, constraint_name TEXT, CONSTRAINT pk_gdc PRIMARY KEY (table_name, column_name), CONSTRAINT gdc_tn UNIQUE (table_name, name));
            CREATE TABLE gpkg_data_column_constraints (constraint_name TEXT NOT NULL, constraint_type TEXT NOT NULL, value TEXT, min NUMERIC,
              min_is_inclusive BOOLEAN, max NUMERIC, max_is_inclusive BOOLEAN, description TEXT, CONSTRAINT gdcc_ntv UNIQUE (constraint_name, constraint_type, value));
            INSERT INTO gpkg_extensions VALUES ('gpkg_data_columns', NULL, 'gpkg_schema', 'http://www.geopackage.org/spec/#extension_schema', 'read-write');
            INSERT INTO gpkg_extensions VALUES ('gpkg_data_column_constraints', NULL, 'gpkg_schema', 'http://www.geopackage.org/spec/#extension_schema', 'read-write');
            """);
        using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO gpkg_data_columns (table_name, column_name, name, title) VALUES ($table, $column, $column, $title)";
        var table = insert.Parameters.Add("$table", SqliteType.Text);
        var column = insert.Parameters.Add("$column", SqliteType.Text);
        var titleParameter = insert.Parameters.Add("$title", SqliteType.Text);
        foreach (var layer in layers.Where(l => l.ColumnTitles is not null))
        {
            var fields = FeatureFields.Of(layer.Scores);
            table.Value = layer.Scores.Level.Name();
            for (var f = 0; f < fields.Count; f++)
            {
                (column.Value, titleParameter.Value) = (fields[f].Name, layer.ColumnTitles![f]);
                insert.ExecuteNonQuery();
            }
        }
    }

    // QGIS's own table of styles (as QGIS creates it when it saves a style into a GeoPackage), registered as an
    // attributes table so the file stays a valid GeoPackage; useAsDefault makes QGIS apply the style on opening.
    private static void WriteStyles(SqliteConnection connection, IReadOnlyList<GeoPackageLayer> layers, string change)
    {
        if (layers.All(l => l.Style is null)) return;
        Execute(connection, """
            CREATE TABLE layer_styles (id INTEGER PRIMARY KEY AUTOINCREMENT, f_table_catalog TEXT(256), f_table_schema TEXT(256), f_table_name TEXT(256),
              f_geometry_column TEXT(256), styleName TEXT(30), styleQML TEXT, styleSLD TEXT, useAsDefault BOOLEAN, description TEXT, owner TEXT(30),
              ui TEXT(30), update_time DATETIME DEFAULT CURRENT_TIMESTAMP);
            """);
        using var register = connection.CreateCommand();
        register.CommandText = "INSERT INTO gpkg_contents (table_name, data_type, identifier, description, last_change) VALUES ('layer_styles', 'attributes', 'layer_styles', 'Styles QGIS des couches (mêmes classes et couleurs que les cartes PNG et SVG)', $change)";
        register.Parameters.AddWithValue("$change", change);
        register.ExecuteNonQuery();
        using var insert = connection.CreateCommand();
        insert.CommandText = """
            INSERT INTO layer_styles (f_table_catalog, f_table_schema, f_table_name, f_geometry_column, styleName, styleQML, styleSLD, useAsDefault, description, owner, update_time)
            VALUES ('', '', $table, 'geom', $name, $qml, '', 1, $name, '', $change)
            """;
        var table = insert.Parameters.Add("$table", SqliteType.Text);
        var name = insert.Parameters.Add("$name", SqliteType.Text);
        var qml = insert.Parameters.Add("$qml", SqliteType.Text);
        insert.Parameters.AddWithValue("$change", change);
        foreach (var layer in layers.Where(l => l.Style is not null))
        {
            (table.Value, name.Value, qml.Value) = (layer.Scores.Level.Name(), layer.Style!.Value.Name, layer.Style.Value.Qml);
            insert.ExecuteNonQuery();
        }
    }

    private static string SqlType(FieldKind kind) => kind switch
    {
        FieldKind.Text => "TEXT",
        FieldKind.Whole => "INTEGER",
        _ => "REAL",
    };

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
