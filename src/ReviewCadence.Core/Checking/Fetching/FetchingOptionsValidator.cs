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

    private static void Check<T>(ref List<string>? failures, string setting, T value, T min, T max) where T : IComparable<T>, IFormattable
    {
        if (value.CompareTo(min) < 0 || value.CompareTo(max) > 0)
        {
            (failures ??= []).Add(string.Create(CultureInfo.InvariantCulture,
                $"{nameof(FetchingOptions)}.{setting} must be between {min} and {max} (it is {value})"));
        }
    }
}
