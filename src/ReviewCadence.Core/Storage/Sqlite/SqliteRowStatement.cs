using System.Buffers;
using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace ReviewCadence.Storage.Sqlite;

/// <summary>
/// One statement prepared on a connection (inside its transaction) and run once per row with values bound by position
/// (<c>?1</c>, <c>?2</c>, ...), for the writes a check makes by the thousand: a state per source, a citation per
/// runbook and source, a version per new page. Through a <see cref="SqliteCommand"/> each row cost a .NET round trip
/// of its own (every parameter looked up by name and its name encoded again, a data reader per run): ~2.7 KB of
/// allocations a row. Here a row allocates nothing; text goes to SQLite as UTF-8 encoded as
/// <see cref="SqliteCommand"/> encodes it (<see cref="Encoding.UTF8"/>, a lone surrogate as U+FFFD).
/// </summary>
internal sealed class SqliteRowStatement : IDisposable
{
    private const int StackTextBytes = 512;

    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;

    public SqliteRowStatement(SqliteConnection connection, string sql)
    {
        _db = connection.Handle ?? throw new InvalidOperationException("the connection is not open");
        Check(raw.sqlite3_prepare_v2(_db, sql, out _statement));
    }

    /// <summary>Binds parameter <paramref name="index"/> (1-based) to text, or NULL.</summary>
    public SqliteRowStatement Text(int index, string? value)
    {
        if (value is null)
        {
            return Null(index);
        }
        var max = Encoding.UTF8.GetMaxByteCount(value.Length);
        byte[]? rented = null;
        Span<byte> buffer = max <= StackTextBytes ? stackalloc byte[StackTextBytes] : (rented = ArrayPool<byte>.Shared.Rent(max));
        try
        {
            var length = Encoding.UTF8.GetBytes(value, buffer);
            // SQLite copies the text (SQLITE_TRANSIENT), so the buffer is free again once bound.
            Check(raw.sqlite3_bind_text(_statement, index, buffer[..length]));
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
        return this;
    }

    /// <summary>Binds parameter <paramref name="index"/> (1-based) to an integer, or NULL.</summary>
    public SqliteRowStatement Integer(int index, long? value)
    {
        if (value is not { } number)
        {
            return Null(index);
        }
        Check(raw.sqlite3_bind_int64(_statement, index, number));
        return this;
    }

    /// <summary>Binds parameter <paramref name="index"/> (1-based) to an instant as the store writes them (ISO 8601, "O"), or NULL.</summary>
    public SqliteRowStatement Time(int index, DateTimeOffset? value)
    {
        if (value is not { } instant)
        {
            return Null(index);
        }
        Span<byte> text = stackalloc byte[64];
        if (!instant.TryFormat(text, out var length, "O", CultureInfo.InvariantCulture))
        {
            throw new FormatException($"{instant} did not fit the store's time format");
        }
        Check(raw.sqlite3_bind_text(_statement, index, text[..length]));
        return this;
    }

    /// <summary>Runs the statement with the values bound, ready for the next row; the rows it changed.</summary>
    public int Run(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var rc = raw.sqlite3_step(_statement);
        var changes = rc == raw.SQLITE_DONE ? raw.sqlite3_changes(_db) : 0;
        // Reset reports the step's error again; the values stay bound until the next row binds its own.
        var reset = raw.sqlite3_reset(_statement);
        Check(rc == raw.SQLITE_DONE ? reset : rc);
        return changes;
    }

    public void Dispose() => _statement.Dispose();

    private SqliteRowStatement Null(int index)
    {
        Check(raw.sqlite3_bind_null(_statement, index));
        return this;
    }

    private void Check(int rc)
    {
        if (rc is not (raw.SQLITE_OK or raw.SQLITE_DONE or raw.SQLITE_ROW))
        {
            // The same exception (code and message) a SqliteCommand throws, so the store's error handling sees no difference.
            SqliteException.ThrowExceptionForRC(rc, _db);
        }
    }
}
