namespace ReviewCadence.Notifications;

/// <summary>Text helpers the channels share when they lay a digest out.</summary>
internal static class ChannelText
{
    /// <summary>The text cut to <paramref name="max"/> characters, the last of them "…", when it is longer (a channel's field limit).</summary>
    public static string Truncate(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
