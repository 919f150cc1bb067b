using System.Text.RegularExpressions;

namespace ReviewCadence.Cli;

/// <summary>Masks what looks like a credential in text the CLI did not write itself (an unexpected exception's message).</summary>
internal static partial class SecretMask
{
    public static string Apply(string text) => Credential().Replace(text, m => $"{m.Groups[1].Value}=***");

    [GeneratedRegex(@"\b(AccountKey|SharedAccessSignature|sig|password|pwd|secret|token|key|code)=[^;&\s""']+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Credential();
}
