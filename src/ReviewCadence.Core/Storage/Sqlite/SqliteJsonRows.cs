using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace ReviewCadence.Storage.Sqlite;

/// <summary>
/// Many rows bound as one statement parameter: a JSON array of rows (each an array of values), which SQL reads with
/// <c>json_each(CAST(@rows AS TEXT))</c> and <c>value -&gt;&gt; 0</c>, <c>value -&gt;&gt; 1</c>, ... A command re-bound and
/// stepped once per row allocated ~2.7 KB a row (every parameter's name and every string encoded again, a reader per
/// step), and a check saves thousands of rows in a transaction: one statement for all of them is a fraction of that.
/// </summary>
/// <remarks>
/// Bound as a BLOB of UTF-8 and cast to text in SQL (SQLite's JSON functions read a BLOB as its binary JSON). JSON's
/// values map to the column types a bound parameter had: strings to TEXT, integers to INTEGER, null to NULL.
/// </remarks>
internal sealed class SqliteJsonRows
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    private readonly ArrayBufferWriter<byte> _buffer;
    private readonly Utf8JsonWriter _writer;

    /// <param name="rows">How many rows are coming (sizes the buffer).</param>
    /// <param name="bytesPerRow">About how many bytes of JSON a row takes.</param>
    public SqliteJsonRows(int rows, int bytesPerRow)
    {
        _buffer = new ArrayBufferWriter<byte>(Math.Max(64, rows * bytesPerRow));
        _writer = new Utf8JsonWriter(_buffer, WriterOptions);
        _writer.WriteStartArray();
    }

    /// <summary>How many rows were added.</summary>
    public int Count { get; private set; }

    /// <summary>Adds one row of values, in the order the SQL reads them.</summary>
    public void Row(params ReadOnlySpan<object?> values)
    {
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
    }

    /// <summary>The rows as the BLOB to bind (the writer is done after this).</summary>
    public byte[] ToBlob()
    {
        _writer.WriteEndArray();
        _writer.Flush();
        return _buffer.WrittenSpan.ToArray();
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
