using Microsoft.Data.Sqlite;

namespace ReviewCadence.Storage.Sqlite;

/// <summary>
/// Tells a SQLite file that is not ReviewCadence's from one that is, before anything is written to it: at
/// <c>user_version</c> 0 the file must hold no tables but ours (else it is another application's database), and
/// every table of ours it holds must have every column ours has (else a query would fail half-way through a command).
/// The expected columns come from the schema itself, applied to an empty in-memory database.
/// </summary>
internal static class SqliteSchemaCheck
{
    private static readonly Lock Gate = new();
    private static Dictionary<string, HashSet<string>>? _expected;

    /// <summary>
    /// What is wrong with the file's tables (null when the schema can be applied and used), and whether every table
    /// of the schema is there with every column (then applying the schema again would change nothing).
    /// </summary>
    public static async Task<(string? Problem, bool Complete)> InspectAsync(SqliteConnection connection, string schema, int userVersion, CancellationToken cancellationToken)
    {
        var expected = Expected(schema);
        var present = await ColumnsAsync(connection, cancellationToken);
        var foreign = present.Keys.Where(t => !expected.ContainsKey(t)).Order(StringComparer.Ordinal).ToList();
        if (userVersion == 0 && foreign.Count > 0)
        {
            return ($"the file is another application's database (it holds tables such as '{Printable.Clip(foreign[0])}' and no ReviewCadence schema); point --store at a new or a ReviewCadence file", false);
        }
        var complete = true;
        foreach (var (table, columns) in expected)
        {
            if (!present.TryGetValue(table, out var found))
            {
                complete = false;
            }
            else if (columns.FirstOrDefault(c => !found.Contains(c)) is { } missing)
            {
                return ($"its table '{table}' has another schema (no column '{missing}'); it was not written by this ReviewCadence: point --store at a new file", false);
            }
        }
        return (null, complete);
    }

    private static Dictionary<string, HashSet<string>> Expected(string schema)
    {
        lock (Gate)
        {
            if (_expected is null)
            {
                using var memory = new SqliteConnection("Data Source=:memory:");
                memory.Open();
                using (var create = memory.CreateCommand())
                {
                    create.CommandText = schema;
                    create.ExecuteNonQuery();
                }
                _expected = ColumnsAsync(memory, CancellationToken.None).GetAwaiter().GetResult();
            }
            return _expected;
        }
    }

    private static async Task<Dictionary<string, HashSet<string>>> ColumnsAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        var tables = new Dictionary<string, HashSet<string>>(StringComparer.OrdinalIgnoreCase);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT m.name, p.name FROM sqlite_master AS m, pragma_table_info(m.name) AS p
            WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%';
            """;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var table = reader.GetString(0);
            if (!tables.TryGetValue(table, out var columns))
            {
                tables[table] = columns = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            }
            columns.Add(reader.GetString(1));
        }
        return tables;
    }
}
