using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using ReviewCadence.Checking;

namespace ReviewCadence.Tests.Fetching;

public class HttpPageFetcherTlsTests : FetchTestBase
{
    [Fact]
    public async Task An_untrusted_certificate_is_a_network_failure_that_is_not_retried()
    {
        var requests = 0;
        using var certificate = SelfSignedCertificate();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(certificate)));
        await using var app = builder.Build();
        app.Run(context =>
        {
            Interlocked.Increment(ref requests);
            return context.Response.WriteAsync("secure");
        });
        await app.StartAsync();
        var url = new Uri(app.Urls.First().Replace("http://", "https://", StringComparison.Ordinal) + "/docs");

        var result = await Fetcher.FetchAsync(new FetchRequest(url, Loopback with { Retries = 3 }), Timeout);

        Assert.Equal(FetchStatus.Failed, result.Status);
        Assert.True(result.NetworkFailure);
        Assert.Equal("TLS handshake failed", result.Detail);
        Assert.Equal(0, requests);
    }

    private static X509Certificate2 SelfSignedCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=reviewcadence-test", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1)); // real clock: TLS checks validity against the machine clock
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), null);
    }
}
