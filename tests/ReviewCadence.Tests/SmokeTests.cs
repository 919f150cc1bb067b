namespace ReviewCadence.Tests;

public class SmokeTests
{
    [Fact]
    public async Task Help_exits_zero()
    {
        var stdout = new StringWriter();
        var code = await Cli.CliApp.RunAsync(["--help"], stdout, new StringWriter(), CancellationToken.None);
        Assert.Equal(0, code);
        Assert.Contains("reviewcadence", stdout.ToString(), StringComparison.OrdinalIgnoreCase);
    }
}
