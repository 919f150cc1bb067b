using ReviewCadence.Vocabulary;

namespace ReviewCadence.Cli.Output;

/// <summary>
/// Colours for terminal text, or none: a writer made for redirected output or <c>NO_COLOR</c> returns text unchanged.
/// Statuses and outcomes that ask for action are red or yellow, settled ones green.
/// </summary>
internal sealed class Ansi(bool enabled)
{
    private const string Reset = "\e[0m";

    public bool Enabled => enabled;

    public string Red(string text) => Paint("\e[31m", text);
    public string Green(string text) => Paint("\e[32m", text);
    public string Yellow(string text) => Paint("\e[33m", text);
    public string Cyan(string text) => Paint("\e[36m", text);
    public string Dim(string text) => Paint("\e[2m", text);
    public string Bold(string text) => Paint("\e[1m", text);

    public string Status(RunbookStatusKind status, string text) => status switch
    {
        RunbookStatusKind.NeedsReview or RunbookStatusKind.Overdue => Red(text),
        RunbookStatusKind.DueSoon => Yellow(text),
        _ => Green(text),
    };

    public string Outcome(CheckOutcome outcome, string text) => outcome switch
    {
        CheckOutcome.Broken => Red(text),
        CheckOutcome.Changed or CheckOutcome.Moved or CheckOutcome.Unreachable => Yellow(text),
        CheckOutcome.New => Cyan(text),
        _ => Green(text),
    };

    private string Paint(string code, string text) => enabled && text.Length > 0 ? code + text + Reset : text;
}
