using ReviewCadence.Catalog;

namespace ReviewCadence.Import;

/// <summary>How a source named without a URL matched the catalog.</summary>
/// <param name="Source">The matched source; null when none matched clearly.</param>
/// <param name="Exact">The name's words are exactly the title's (or the id's) words.</param>
/// <param name="Candidates">When no source matched clearly: the close ones, best first.</param>
internal sealed record TitleMatch(SourceDefinition? Source, bool Exact, IReadOnlyList<SourceDefinition> Candidates);

/// <summary>
/// Matches a name like "CometAPI pricing documentation" to a catalog source by its words, ignoring
/// case, punctuation, small words and plural endings, and reading "docs" as "documentation". Both
/// the title and the id are compared (<c>cometapi-pricing-docs</c>), the better counting. The score is
/// the Dice coefficient of the two word sets; a match needs 0.75 and a clear lead over the runner-up.
/// </summary>
internal static class SourceTitleMatcher
{
    private const double MatchThreshold = 0.75;
    private const double ClearLead = 0.15;

    private static readonly HashSet<string> SmallWords = ["the", "a", "an", "of", "for", "and", "on", "in", "to", "s"];

    private static readonly Dictionary<string, string> Synonyms = new()
    {
        ["doc"] = "documentation",
        ["docs"] = "documentation",
        ["documentations"] = "documentation",
    };

    public static TitleMatch Match(string name, IEnumerable<SourceDefinition> sources)
    {
        var words = Tokens(name);
        if (words.Count == 0)
            return new TitleMatch(null, false, []);

        var scored = sources
            .Where(s => !s.Implicit)
            .Select(s => (Source: s, Score: Score(words, s)))
            .Where(x => x.Score >= MatchThreshold)
            .OrderByDescending(x => x.Score)
            .ThenBy(x => x.Source.Id, StringComparer.Ordinal)
            .ToList();
        if (scored.Count == 0)
            return new TitleMatch(null, false, []);

        var best = scored[0];
        if (scored.Count > 1 && scored[1].Score > best.Score - ClearLead)
            return new TitleMatch(null, false, scored.Select(x => x.Source).ToList());
        return new TitleMatch(best.Source, best.Score >= 1.0, []);
    }

    private static double Score(HashSet<string> words, SourceDefinition source)
    {
        var byId = Dice(words, Tokens(source.Id));
        return source.Title is null ? byId : Math.Max(byId, Dice(words, Tokens(source.Title)));
    }

    private static double Dice(HashSet<string> a, HashSet<string> b) =>
        a.Count + b.Count == 0 ? 0 : 2.0 * a.Count(b.Contains) / (a.Count + b.Count);

    /// <summary>The comparable words of a name: lowercase letters and digits, small words dropped, plurals singular.</summary>
    internal static HashSet<string> Tokens(string text)
    {
        var words = new HashSet<string>(StringComparer.Ordinal);
        var current = new System.Text.StringBuilder();
        foreach (var c in text.ToLowerInvariant().Append(' '))
        {
            if (char.IsLetterOrDigit(c))
            {
                current.Append(c);
                continue;
            }
            if (current.Length > 0)
            {
                var word = Normalise(current.ToString());
                if (!SmallWords.Contains(word))
                    words.Add(word);
                current.Clear();
            }
        }
        return words;
    }

    private static string Normalise(string word)
    {
        if (Synonyms.TryGetValue(word, out var synonym))
            return synonym;
        if (word.Length > 4 && word.EndsWith("ies", StringComparison.Ordinal))
            return word[..^3] + "y";
        if (word.Length > 3 && word.EndsWith('s') && !word.EndsWith("ss", StringComparison.Ordinal))
            return word[..^1];
        return word;
    }
}
