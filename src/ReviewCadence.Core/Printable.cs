using System.Globalization;
using System.Text;

namespace ReviewCadence;

/// <summary>
/// Makes a value a user gave safe to echo inside a one-line message: control characters (newlines,
/// escape sequences) shown as <c>\n</c>, <c>\u001b</c> and so on, and long values cut short, so an error
/// stays one line on stderr and a log line cannot be forged.
/// </summary>
public static class Printable
{
    /// <summary>How long <see cref="Clip"/> lets a value be unless told otherwise.</summary>
    public const int DefaultMaxLength = 120;

    /// <summary><paramref name="value"/> with control characters escaped and cut at <paramref name="maxLength"/> characters (an ellipsis marks the cut); empty for null.</summary>
    public static string Clip(string? value, int maxLength = DefaultMaxLength)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }
        var builder = new StringBuilder(Math.Min(value.Length, maxLength) + 8);
        foreach (var c in value)
        {
            if (builder.Length >= maxLength)
            {
                builder.Append('…');
                break;
            }
            switch (c)
            {
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                default:
                    if (char.IsControl(c) || c is '\u2028' or '\u2029' or '\u0085')
                    {
                        builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }
                    break;
            }
        }
        return builder.ToString();
    }

    /// <summary>One line of a message that may carry newlines of its own (an exception's): joined with "; ".</summary>
    public static string OneLine(string? message, int maxLength = 500)
    {
        if (string.IsNullOrEmpty(message))
        {
            return "";
        }
        var joined = string.Join("; ", message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return Clip(joined, maxLength);
    }
}
