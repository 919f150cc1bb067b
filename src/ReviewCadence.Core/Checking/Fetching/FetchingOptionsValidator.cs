using System.Globalization;
using Microsoft.Extensions.Options;

namespace ReviewCadence.Checking.Fetching;

/// <summary>
/// The allowed range of each <see cref="FetchingOptions"/> setting, checked when the options are first read.
/// Written out rather than as DataAnnotations attributes: their validation reflects over the type and parses
/// each range through TypeDescriptor, which loaded four assemblies and cost every CLI check its first-time code.
/// </summary>
internal sealed class FetchingOptionsValidator : IValidateOptions<FetchingOptions>
{
    public ValidateOptionsResult Validate(string? name, FetchingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        List<string>? failures = null;
        Check(ref failures, nameof(FetchingOptions.RetryBaseDelay), options.RetryBaseDelay, TimeSpan.Zero, TimeSpan.FromMinutes(10));
        Check(ref failures, nameof(FetchingOptions.MaxRetryDelay), options.MaxRetryDelay, TimeSpan.Zero, TimeSpan.FromHours(1));
        Check(ref failures, nameof(FetchingOptions.SourceBudget), options.SourceBudget, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
        Check(ref failures, nameof(FetchingOptions.BreakAfterFailures), options.BreakAfterFailures, 1, 1000);
        Check(ref failures, nameof(FetchingOptions.BreakDuration), options.BreakDuration, TimeSpan.FromMilliseconds(1), TimeSpan.FromHours(1));
        Check(ref failures, nameof(FetchingOptions.MaxRedirects), options.MaxRedirects, 0, 50);
        return failures is null ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    // Two overloads rather than one generic method: an instantiation over TimeSpan or int is not among the CLI's
    // precompiled code, so it would be compiled at run time in every process.
    private static void Check(ref List<string>? failures, string setting, TimeSpan value, TimeSpan min, TimeSpan max)
    {
        if (value < min || value > max)
        {
            Fail(ref failures, setting, value.ToString(null, CultureInfo.InvariantCulture), min.ToString(null, CultureInfo.InvariantCulture), max.ToString(null, CultureInfo.InvariantCulture));
        }
    }

    private static void Check(ref List<string>? failures, string setting, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            Fail(ref failures, setting, value.ToString(CultureInfo.InvariantCulture), min.ToString(CultureInfo.InvariantCulture), max.ToString(CultureInfo.InvariantCulture));
        }
    }

    private static void Fail(ref List<string>? failures, string setting, string value, string min, string max) =>
        (failures ??= []).Add($"{nameof(FetchingOptions)}.{setting} must be between {min} and {max} (it is {value})");
}
