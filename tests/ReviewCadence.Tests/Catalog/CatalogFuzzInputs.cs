using System.Text;

namespace ReviewCadence.Tests.Catalog;

/// <summary>
/// Inputs for <see cref="CatalogLoaderFuzzTests"/>, all from one seeded <see cref="Random"/> so a failure names an input
/// that can be made again: mutants of valid catalogs (the repository's own and a synthetic one using every key), and
/// YAML generated from the catalog's vocabulary.
/// </summary>
internal sealed class CatalogFuzzInputs(int seed)
{
    /// <summary>A valid catalog touching every section and key the schema has.</summary>
    public const string Everything = """
        settings:
          allowPrivateNetworks: false
          maxConcurrency: 8
          perHostConcurrency: 2
          brokenAfterFailures: 2
          timeoutSeconds: 20
          retries: 1
          maxPageBytes: 2000000
          userAgent: "ReviewCadence-fuzz/1.0"
          browser:
            executablePath: /usr/bin/chromium
        reminders:
          repeatEveryDays: 3
          dueSoonDays: 7
          escalateAfter: 2
        history:
          keepVersions: 20
        sources:
          - id: pricing
            url: https://docs.example.com/pricing
            title: Pricing
            select: "#content"
            exclude: [".feedback", "nav"]
            ignore: ['Last updated .*', '\d+ views']
            render: http
          - id: status
            url: https://status.example.com/
            render: browser
        owners:
          - id: platform
            notify:
              - { type: teams, url: "${TEAMS_URL}" }
              - { type: slack, url: "https://hooks.slack.example.com/x" }
              - { type: email, to: "platform@example.com, oncall@example.com" }
              - { type: webhook, url: "https://hooks.example.com/r", secret: "${HOOK_SECRET}" }
            escalateTo: lead
          - id: lead
            notify:
              - type: email
                to: lead@example.com
        runbooks:
          - id: budget-gate
            title: Budget gate
            owner: platform
            cadenceDays: 30
            lastReviewed: 2026-07-01
            document: docs/runbooks/budget-gate.md
            sources:
              - pricing
              - https://example.com/extra#limits
              - source: pricing
                section: "Token-based billing"
                claims: ["billed per token", 'volume pricing']
          - id: status-watch
            title: Status watch
            owner: lead
            sources: [status]
        """;

    /// <summary>What YAML and the schema react to: indicators, quotes, escapes, odd whitespace and code points.</summary>
    private static readonly string[] Fragments =
    [
        ":", ": ", "-", "- ", "[", "]", "{", "}", ",", "&a ", "*a", "!", "!!str ", "|", ">", "'", "\"", "#", "%", "@", "`",
        "?", "? ", "\t", "\n", "\r\n", "\r", " ", "  ", "\0", "\uFEFF", "\u2028", "\u0085", "\ud800", "\udc00", "😀", "\\",
        "\\u0000", "\\x", "${", "${NAME", "${A}", "---\n", "...\n", "<<: *a\n", "~", "null", "true", "0x1F", "0o17",
        "1e400", "-0", ".nan", "-.inf", "99999999999999999999", "-2147483649", "2147483648", "2026-02-30", "9999-12-31",
        "0001-01-01", "1999-12-31", "2200-12-31", "http://[::1", "http://evil@127.0.0.1", "https://", "file:///etc/passwd",
        "javascript:alert(1)", "((a+)+)+$", "(?<", "[z-a]", "#id", "::before", ">>>", "é", "İ", "ﬃ",
    ];

    /// <summary>Keys the schema knows, at any level, so generated YAML gets past the first check more often.</summary>
    private static readonly string[] Keys =
    [
        "settings", "reminders", "history", "sources", "owners", "runbooks", "id", "url", "title", "select", "exclude",
        "ignore", "render", "notify", "type", "to", "secret", "escalateTo", "owner", "cadenceDays", "lastReviewed",
        "document", "source", "section", "claims", "allowPrivateNetworks", "maxConcurrency", "perHostConcurrency",
        "brokenAfterFailures", "timeoutSeconds", "retries", "maxPageBytes", "userAgent", "browser", "executablePath",
        "endpoint", "repeatEveryDays", "dueSoonDays", "escalateAfter", "keepVersions", "unknown",
    ];

    private static readonly string[] Scalars =
    [
        "a", "r1", "ops", "pricing", "https://example.com/a", "http://127.0.0.1/x", "teams", "slack", "email", "webhook",
        "browser", "http", "0", "-1", "1", "30", "2026-07-01", "9999-12-31", "true", "\"\"", "''", "~", "x@example.com",
        "'Last .*'", "'('", "\"#c\"", "${X}", "\"a\\nb\"", "'multi\n  line'", "[]", "{}", new string('w', 5_000),
    ];

    private readonly Random _random = new(seed);

    public string Mutate(string catalog)
    {
        var text = catalog;
        var rounds = 1 + _random.Next(4);
        for (var i = 0; i < rounds; i++)
        {
            text = _random.Next(9) switch
            {
                0 => Insert(text, Pick(Fragments)),
                1 => Delete(text),
                2 => Duplicate(text),
                3 => ReplaceValue(text),
                4 => SwapLines(text),
                5 => Reindent(text),
                6 => text[.._random.Next(text.Length + 1)],
                7 => Insert(text, Pick(Keys) + ": " + Pick(Scalars)),
                _ => FlipByte(text),
            };
        }
        return text;
    }

    /// <summary>A random tree of mappings, sequences and scalars, block or flow style, keys mostly from the schema.</summary>
    public string Generate()
    {
        var yaml = new StringBuilder();
        WriteMapping(yaml, 0, 1 + _random.Next(5));
        return yaml.ToString();
    }

    private void WriteMapping(StringBuilder yaml, int indent, int depthLeft)
    {
        var entries = 1 + _random.Next(5);
        for (var i = 0; i < entries; i++)
        {
            yaml.Append(' ', indent).Append(_random.Next(10) == 0 ? Pick(Fragments).Trim() : Pick(Keys)).Append(':');
            WriteValue(yaml, indent, depthLeft);
        }
    }

    private void WriteValue(StringBuilder yaml, int indent, int depthLeft)
    {
        switch (depthLeft <= 0 ? 0 : _random.Next(5))
        {
            case 0:
                yaml.Append(' ').Append(Pick(Scalars)).Append('\n');
                break;
            case 1:
                yaml.Append(" [").AppendJoin(", ", Enumerable.Range(0, _random.Next(4)).Select(_ => Pick(Scalars).Replace("\n", " ", StringComparison.Ordinal))).Append("]\n");
                break;
            case 2:
                yaml.Append(" { ").Append(Pick(Keys)).Append(": ").Append(Pick(Scalars).Replace("\n", " ", StringComparison.Ordinal)).Append(" }\n");
                break;
            case 3:
                yaml.Append('\n');
                for (var i = 0; i < 1 + _random.Next(3); i++)
                {
                    yaml.Append(' ', indent + 2).Append("-\n");
                    WriteMapping(yaml, indent + 4, depthLeft - 1);
                }
                break;
            default:
                yaml.Append('\n');
                WriteMapping(yaml, indent + 2, depthLeft - 1);
                break;
        }
    }

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    private string Insert(string text, string fragment)
    {
        var at = _random.Next(text.Length + 1);
        return text[..at] + fragment + text[at..];
    }

    private string Delete(string text)
    {
        if (text.Length == 0)
        {
            return text;
        }
        var at = _random.Next(text.Length);
        return text.Remove(at, Math.Min(text.Length - at, 1 + _random.Next(40)));
    }

    private string Duplicate(string text)
    {
        if (text.Length == 0)
        {
            return text;
        }
        var at = _random.Next(text.Length);
        var span = text.Substring(at, Math.Min(text.Length - at, 1 + _random.Next(200)));
        return Insert(text, span);
    }

    /// <summary>The value after one <c>key:</c> on a random line becomes something else.</summary>
    private string ReplaceValue(string text)
    {
        var lines = text.Split('\n');
        var index = _random.Next(lines.Length);
        var colon = lines[index].IndexOf(": ", StringComparison.Ordinal);
        if (colon < 0)
        {
            return text;
        }
        lines[index] = lines[index][..(colon + 2)] + (_random.Next(2) == 0 ? Pick(Scalars) : Pick(Fragments));
        return string.Join('\n', lines);
    }

    private string SwapLines(string text)
    {
        var lines = text.Split('\n');
        var (a, b) = (_random.Next(lines.Length), _random.Next(lines.Length));
        (lines[a], lines[b]) = (lines[b], lines[a]);
        return string.Join('\n', lines);
    }

    private string Reindent(string text)
    {
        var lines = text.Split('\n');
        var index = _random.Next(lines.Length);
        lines[index] = new string(' ', _random.Next(12)) + lines[index].TrimStart();
        return string.Join('\n', lines);
    }

    private string FlipByte(string text)
    {
        if (text.Length == 0)
        {
            return text;
        }
        var chars = text.ToCharArray();
        var at = _random.Next(chars.Length);
        chars[at] = (char)_random.Next(0x20, 0x7f);
        return new string(chars);
    }
}
