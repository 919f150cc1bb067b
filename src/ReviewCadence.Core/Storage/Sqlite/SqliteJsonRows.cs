using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace ReviewCadence.Storage.Sqlite;

/// <summary>
/// Many rows bound as one statement parameter (up to <see cref="RowsPerStatement"/>): a JSON array of rows (each an array of values), which SQL reads with
/// <c>json_each(CAST(@rows AS TEXT))</c> and <c>value -&gt;&gt; 0</c>, <c>value -&gt;&gt; 1</c>, ... A command re-bound and
/// stepped once per row cost a .NET round trip per row (every parameter's name and every string encoded again, a reader
/// per step), and a check saves thousands of rows in a transaction: 10,000 states took ~2.7 KB of allocations a row,
/// ~2.0 KB this way, and a cold check's history one query per source.
/// </summary>
/// <remarks>
/// Bound as a BLOB of UTF-8 and cast to text in SQL (SQLite's JSON functions read a BLOB as its binary JSON). JSON's
/// values map to the column types a bound parameter had: strings to TEXT, integers to INTEGER, null to NULL.
/// </remarks>
internal sealed class SqliteJsonRows
{
    /// <summary>
    /// Rows per statement: SQLite copies a bound BLOB, casts it to text and parses the JSON, natively; a whole cold check's
    /// 30,000 citations in one statement raised the process's peak memory by ~20 MB (its allocator keeps what it freed).
    /// </summary>
    public const int RowsPerStatement = 500;

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    private readonly ArrayBufferWriter<byte> _buffer;
    private readonly Utf8JsonWriter _writer;
    private readonly List<byte[]> _blobs = [];
    private int _inBlob;

    /// <param name="rows">How many rows are coming (sizes the buffer).</param>
    /// <param name="bytesPerRow">About how many bytes of JSON a row takes.</param>
    public SqliteJsonRows(int rows, int bytesPerRow)
    {
        _buffer = new ArrayBufferWriter<byte>(Math.Max(64, Math.Min(rows, RowsPerStatement) * bytesPerRow));
        _writer = new Utf8JsonWriter(_buffer, WriterOptions);
    }

    /// <summary>How many rows were added.</summary>
    public int Count { get; private set; }

    /// <summary>Adds one row of values, in the order the SQL reads them.</summary>
    public void Row(params ReadOnlySpan<object?> values)
    {
        if (_inBlob == 0)
        {
            _writer.WriteStartArray();
        }
        _writer.WriteStartArray();
        foreach (var value in values)
        {
            switch (value)
            {
                case null:
                    _writer.WriteNullValue();
                    break;
                case string text:
                    WriteText(text);
                    break;
                case int number:
                    _writer.WriteNumberValue(number);
                    break;
                case long number:
                    _writer.WriteNumberValue(number);
                    break;
                default:
                    throw new ArgumentException($"a row value of type {value.GetType().Name} has no JSON form here", nameof(values));
            }
        }
        _writer.WriteEndArray();
        Count++;
        if (++_inBlob == RowsPerStatement)
        {
            EndBlob();
        }
    }

    /// <summary>
    /// The rows as BLOBs to bind, one per statement, in order: each holds <see cref="RowsPerStatement"/> rows but the last
    /// (the builder is done after this).
    /// </summary>
    public IReadOnlyList<byte[]> ToBlobs()
    {
        if (_inBlob > 0)
        {
            EndBlob();
        }
        return _blobs;
    }

    private void EndBlob()
    {
        _writer.WriteEndArray();
        _writer.Flush();
        _blobs.Add(_buffer.WrittenSpan.ToArray());
        _buffer.ResetWrittenCount();
        _writer.Reset();
        _inBlob = 0;
    }

    private void WriteText(string text)
    {
        // A lone surrogate cannot be written as JSON text; binding the string encoded it with U+FFFD in its place, as
        // Encoding.UTF8 does, so the same bytes are written here.
        if (text.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF') < 0)
        {
            _writer.WriteStringValue(text);
        }
        else
        {
            _writer.WriteStringValue(Encoding.UTF8.GetBytes(text));
        }
    }
}
