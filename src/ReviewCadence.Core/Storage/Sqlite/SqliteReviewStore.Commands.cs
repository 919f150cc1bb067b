using System.Globalization;
using Microsoft.Data.Sqlite;
using ReviewCadence.Vocabulary;

namespace ReviewCadence.Storage.Sqlite;

internal sealed partial class SqliteReviewStore
{
    // ---------------------------------------------------------------- plumbing

    private async Task<IReadOnlyList<T>> QueryAsync<T>(string sql, Func<SqliteDataReader, T> read, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await EnsureInitializedAsync(cancellationToken);
        return await UsingConnectionAsync<IReadOnlyList<T>>(async connection =>
        {
            await using var command = CreateCommand(connection, null, sql, parameters);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var results = new List<T>();
            while (await reader.ReadAsync(cancellationToken))
            {
                results.Add(read(reader));
            }
            return results;
        }, cancellationToken);
    }

    /// <summary>Runs <paramref name="work"/> in one IMMEDIATE transaction with the version this write assigns.</summary>
    private async Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, long, Task<T>> work, CancellationToken cancellationToken)
    {
        await EnsureInitializedAsync(cancellationToken);
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            return await UsingConnectionAsync(async connection =>
            {
                using var transaction = connection.BeginTransaction(deferred: false);
                var version = Convert.ToInt64(await ScalarAsync(connection, transaction,
                    "UPDATE version_sequence SET value = value + 1 WHERE id = 1 RETURNING value;", cancellationToken), CultureInfo.InvariantCulture);
                var result = await work(connection, transaction, version);
                transaction.Commit();
                return result;
            }, cancellationToken);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private async Task<T> UsingConnectionAsync<T>(Func<SqliteConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = new SqliteConnection(_connectionString);
            await connection.OpenAsync(cancellationToken);
            // NORMAL is WAL's usual durability: commits are consistent and do not wait for the disk; a power cut may
            // lose the last commits (a check then repeats them), never corrupt the file. A cold check saves thousands.
            await ExecuteAsync(connection, null, $"PRAGMA busy_timeout = {BusyTimeoutMilliseconds}; PRAGMA synchronous = NORMAL;", cancellationToken);
            return await work(connection);
        }
        catch (SqliteException e) when (DescribeUnavailable(e) is { } problem)
        {
            throw Unavailable(problem, e);
        }
    }

    /// <summary>The errors that mean the file cannot be used at all (as opposed to a bug in a statement).</summary>
    private static string? DescribeUnavailable(SqliteException e) => e.SqliteErrorCode switch
    {
        5 or 6 => "the database stayed locked by another process",     // SQLITE_BUSY, SQLITE_LOCKED
        8 => "the file is read-only",                                   // SQLITE_READONLY
        10 => "a disk I/O error occurred",                              // SQLITE_IOERR
        11 => "the file is corrupt",                                    // SQLITE_CORRUPT
        13 => "the disk is full",                                       // SQLITE_FULL
        14 => "the file cannot be opened",                              // SQLITE_CANTOPEN
        23 => "access to the file is denied",                           // SQLITE_AUTH
        26 => "the file is not a SQLite database",                      // SQLITE_NOTADB
        _ => null,
    };

    private StoreUnavailableException Unavailable(string problem, Exception? inner) =>
        new($"SQLite store {DatabasePath}: {problem}.", inner);

    private static SqliteCommand CreateCommand(SqliteConnection connection, SqliteTransaction? transaction, string sql, (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }
        return command;
    }

    /// <summary>Sets (adding when missing) the values of a command that is run more than once.</summary>
    private static void Bind(SqliteCommand command, params (string Name, object? Value)[] parameters)
    {
        var bound = command.Parameters;
        for (var i = 0; i < parameters.Length; i++)
        {
            var (name, value) = parameters[i];
            // A command re-bound per row (a run saves thousands) gets its parameters in the order of its first binding:
            // the same position is tried first instead of two scans of the names per parameter.
            var index = i < bound.Count && string.Equals(bound[i].ParameterName, name, StringComparison.Ordinal) ? i : bound.IndexOf(name);
            if (index >= 0)
            {
                bound[index].Value = value ?? DBNull.Value;
            }
            else
            {
                bound.AddWithValue(name, value ?? DBNull.Value);
            }
        }
    }

    private static async Task<int> ExecuteAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = CreateCommand(connection, transaction, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<object?> ScalarAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = CreateCommand(connection, transaction, sql, parameters);
        return await command.ExecuteScalarAsync(cancellationToken);
    }

    private static long? ParseVersion(string? version, string what) => ParseVersion(version, what, static what => what);

    /// <summary>
    /// <paramref name="version"/> as this store issued it; <paramref name="describe"/> names the item only when it is not
    /// (a batch of thousands built each name in vain).
    /// </summary>
    private static long? ParseVersion<T>(string? version, T item, Func<T, string> describe) =>
        version is null ? null
        : long.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed
        : throw new StoreConflictException($"The {describe(item)} carries a version this store did not issue; read it from this store and retry.");

    private static string VersionText(long version) => version.ToString(CultureInfo.InvariantCulture);

    private static string? Text(SqliteDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : r.GetString(ordinal);

    private static string? Time(DateTimeOffset? value) => value?.ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset? ParseTime(string? value) =>
        value is null ? null : DateTimeOffset.ParseExact(value, "O", CultureInfo.InvariantCulture, DateTimeStyles.None);
}
