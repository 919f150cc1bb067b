namespace ReviewCadence.Cli;

/// <summary>The CLI's exit codes (a contract scripts rely on).</summary>
public static class ExitCodes
{
    /// <summary>Done: nothing needs review / everything delivered.</summary>
    public const int Ok = 0;
    /// <summary>Cannot run: bad arguments, catalog or store. One-line reason on stderr.</summary>
    public const int CannotRun = 1;
    /// <summary>Done, and some runbook needs review (check) or some delivery failed (remind), or some file could not be imported (import).</summary>
    public const int Attention = 2;
    /// <summary>The check was inconclusive (outage guard).</summary>
    public const int Inconclusive = 3;
}
