using FragilityIndex.Definition;
using FragilityIndex.Diagnostics;
using Parquet;
using Parquet.Schema;

namespace FragilityIndex.Ingestion;

/// <summary>Reads the asked-for columns of a Parquet file with Parquet.Net, row group by row group.</summary>
internal static class ParquetSourceReader
{
    public static SourceTable Read(SourceFile file, string name, SourceDefinition source,
        IReadOnlyCollection<string> textColumns, IReadOnlyCollection<string> numberColumns) =>
        ReadAsync(file, name, source, textColumns, numberColumns).GetAwaiter().GetResult();

    private static async Task<SourceTable> ReadAsync(SourceFile file, string name, SourceDefinition source,
        IReadOnlyCollection<string> textColumns, IReadOnlyCollection<string> numberColumns)
    {
        using var stream = file.Open();
        var seekable = stream.CanSeek ? stream : await CopyAsync(stream).ConfigureAwait(false);
        ParquetReader reader;
        try
        {
            reader = await ParquetReader.CreateAsync(seekable).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not FragilityException)
        {
            throw FragilityException.InFile(file.DisplayName, 0, null, $"not a readable Parquet file: {SourceReader.OneLine(e.Message)}");
        }

        await using (reader.ConfigureAwait(false))
        {
            var fields = reader.Schema.GetDataFields();
            var header = fields.Select(f => f.Name).ToArray();
            var wanted = textColumns.Concat(numberColumns).Select(c => ColumnResolver.Find(header, c, file.DisplayName, 0)).Distinct().ToArray();
            var columns = new object?[header.Length][];
            var total = 0;
            var chunks = new List<object?[][]>();
            for (var g = 0; g < reader.RowGroupCount; g++)
            {
                using var group = reader.OpenRowGroupReader(g);
                var rows = checked((int)group.RowCount);
                var chunk = new object?[header.Length][];
                foreach (var position in wanted) chunk[position] = await ReadColumnAsync(group, fields[position], rows).ConfigureAwait(false);
                chunks.Add(chunk);
                total += rows;
            }

            foreach (var position in wanted) columns[position] = chunks.SelectMany(c => c[position]!).ToArray();
            var builder = new RowTableBuilder(file.DisplayName, header, source, textColumns, numberColumns);
            for (var r = 0; r < total; r++)
            {
                var row = r;
                builder.Add(row + 1, position => columns[position]![row]);
            }

            return builder.Build(name, new IngestionReport { Format = "parquet" });
        }
    }

    private static async Task<object?[]> ReadColumnAsync(ParquetRowGroupReader group, DataField field, int rows)
    {
        var type = Nullable.GetUnderlyingType(field.ClrType) ?? field.ClrType;
        if (type == typeof(string) || type == typeof(ReadOnlyMemory<char>))
        {
            var values = new string?[rows];
            await group.ReadAsync(field, values.AsMemory()).ConfigureAwait(false);
            return values;
        }

        if (type == typeof(double)) return Box(await ReadNullableAsync<double>(group, field, rows).ConfigureAwait(false));
        if (type == typeof(float)) return Box(await ReadNullableAsync<float>(group, field, rows).ConfigureAwait(false));
        if (type == typeof(long)) return Box(await ReadNullableAsync<long>(group, field, rows).ConfigureAwait(false));
        if (type == typeof(int)) return Box(await ReadNullableAsync<int>(group, field, rows).ConfigureAwait(false));
        if (type == typeof(short)) return Box(await ReadNullableAsync<short>(group, field, rows).ConfigureAwait(false));
        if (type == typeof(bool)) return Box(await ReadNullableAsync<bool>(group, field, rows).ConfigureAwait(false));
        if (type == typeof(decimal)) return Box(await ReadNullableAsync<decimal>(group, field, rows).ConfigureAwait(false));
        throw new FragilityException(FailureKind.BadData, $"column '{field.Name}' has the Parquet type {type.Name}: expected text or numbers");
    }

    private static async Task<T?[]> ReadNullableAsync<T>(ParquetRowGroupReader group, DataField field, int rows) where T : struct
    {
        var values = new T?[rows];
        await group.ReadAsync(field, values.AsMemory()).ConfigureAwait(false);
        return values;
    }

    private static object?[] Box<T>(T?[] values) where T : struct => values.Select(v => v.HasValue ? (object)v.Value : null).ToArray();

    private static async Task<Stream> CopyAsync(Stream stream)
    {
        var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer).ConfigureAwait(false);
        buffer.Position = 0;
        return buffer;
    }
}
