using AngleSharp.Dom;

namespace ReviewCadence.Extraction;

/// <summary>
/// Letters and digits under an element, those inside links, and its links, for one parsed page. An element's counts are
/// worked out once, with those of everything below it: the boilerplate rules ask about nested elements (an aside in an
/// aside, a wrapper in a wrapper), and reading each one's text afresh would make a deep page cost its depth times over.
/// </summary>
internal sealed class TextCounts(ExtractionDeadline deadline)
{
    /// <param name="Letters">Letters and digits of every text node below the element (what its TextContent holds).</param>
    /// <param name="LinkLetters">Letters and digits inside the <c>a</c> elements below it.</param>
    /// <param name="Links">The <c>a</c> elements below it.</param>
    public readonly record struct Counts(int Letters, int LinkLetters, int Links);

    private readonly Dictionary<IElement, Counts> _known = new(ReferenceEqualityComparer.Instance);

    public Counts Of(IElement element)
    {
        if (!_known.TryGetValue(element, out var counts))
        {
            Fill(element);
            counts = _known[element];
        }
        return counts;
    }

    public int LettersOf(IElement element) => Of(element).Letters;

    /// <summary>Counts every element below <paramref name="root"/> not yet known, children before parents, without recursion.</summary>
    private void Fill(IElement root)
    {
        // (element, next child index to visit)
        var stack = new Stack<(IElement Element, int Next)>();
        stack.Push((root, 0));
        while (stack.Count > 0)
        {
            deadline.Check();
            var (element, next) = stack.Pop();
            var children = element.ChildNodes;
            if (next < children.Length)
            {
                stack.Push((element, next + 1));
                if (children[next] is IElement child && !_known.ContainsKey(child))
                    stack.Push((child, 0));
                continue;
            }
            int letters = 0, linkLetters = 0, links = 0;
            for (var i = 0; i < children.Length; i++)
            {
                switch (children[i])
                {
                    case IText text:
                        letters += TextNormalizer.CountLettersAndDigits(text.Data);
                        break;
                    case IElement child:
                        var below = _known[child];
                        letters += below.Letters;
                        linkLetters += below.LinkLetters;
                        links += below.Links;
                        if (child.LocalName == "a")
                        {
                            linkLetters += below.Letters;
                            links++;
                        }
                        break;
                }
            }
            _known[element] = new Counts(letters, linkLetters, links);
        }
    }
}
