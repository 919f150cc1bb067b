
using ReviewCadence.Checking.Fetching;

namespace ReviewCadence.Tests.Fetching;

public class SoftNotFoundTests
{
    [Theory]
    [InlineData("404 Not Found", null)]
    [InlineData("Page Not Found | CometAPI Docs", null)]
    [InlineData("404: Page not found – FinOps Foundation", null)]
    [InlineData("Not Found", null)]
    [InlineData("Error 404 (Not Found)!!1", null)]
    [InlineData("Oops! That page can’t be found. – Acme", null)]
    [InlineData("Sorry, this page doesn't exist", null)]
    [InlineData("This page is no longer available", null)]
    [InlineData("Acme Help Center", "The page you requested could not be found")]
    [InlineData("Acme Help Center", "We can't find the page you're looking for")]
    [InlineData(null, "404")]
    [InlineData("Page does not exist · Wiki", null)]
    public void Pages_that_only_say_not_found_are_recognised(string? title, string? heading) =>
        Assert.True(SoftNotFound.LooksLikeNotFound(title, heading));

    [Theory]
    [InlineData("Handling 404 errors in the API", "Handling 404 errors")]
    [InlineData("Troubleshooting \"not found\" responses | Docs", "Troubleshooting not found responses")]
    [InlineData("User not found error reference", "UserNotFound")]
    [InlineData("Why does my request return 404?", null)]
    [InlineData("Pricing | CometAPI", "About pricing")]
    [InlineData("FinOps Framework Capability: Allocation", "Allocation")]
    [InlineData(null, null)]
    [InlineData("", "")]
    [InlineData("Models that no longer exist in v2 and their replacements", null)]
    public void Pages_about_not_found_or_about_anything_else_are_not(string? title, string? heading) =>
        Assert.False(SoftNotFound.LooksLikeNotFound(title, heading));

    [Fact]
    public void A_reference_page_about_the_status_code_is_not_a_not_found_page()
    {
        const string title = "404 Not Found - HTTP | MDN";
        var reference = string.Concat(Enumerable.Repeat("The HTTP 404 Not Found client error response status code indicates that the server cannot find the requested resource. ", 40));

        Assert.True(SoftNotFound.LooksLikeNotFound(title, null));
        Assert.False(SoftNotFound.LooksLikeNotFoundPage(title, reference));
        Assert.True(SoftNotFound.LooksLikeNotFoundPage(title, "# 404 Not Found\nThe page you requested does not exist.\n- Home\n- Search"));
        Assert.False(SoftNotFound.LooksLikeNotFoundPage("Pricing | CometAPI", "Short page."));
    }

    [Theory]
    [InlineData("https://example.com/docs/a", true)]
    [InlineData("https://example.com/a", true)]
    [InlineData("https://example.com/", false)]
    [InlineData("https://example.com/en/", false)]
    [InlineData("https://example.com/pt-BR", false)]
    [InlineData("https://example.com/index.html", false)]
    [InlineData("https://example.com/en/docs", true)]
    public void Deep_links_are_paths_below_the_home_page(string url, bool deep) =>
        Assert.Equal(deep, SoftNotFound.IsDeepLink(new Uri(url)));

    [Theory]
    [InlineData("https://example.com/", true)]
    [InlineData("https://www.example.com/en-us/", true)]
    [InlineData("https://example.com/docs", false)]
    [InlineData("https://other.org/", false)]
    public void Site_home_is_the_root_of_the_same_site(string target, bool home) =>
        Assert.Equal(home, SoftNotFound.IsSiteHome(new Uri(target), new Uri("https://example.com/docs/page")));

    [Theory]
    [InlineData("https://example.com/login", "", true)]
    [InlineData("https://example.com/Account/Login.aspx?ReturnUrl=%2fdocs", "", true)]
    [InlineData("https://example.com/users/sign_in", "", true)]
    [InlineData("https://login.microsoftonline.com/common/oauth2/v2.0/authorize", "", true)]
    [InlineData("https://example.com/account", "<form><input type='password' name='p'></form>", true)]
    [InlineData("https://example.com/docs/auth-guide", "<p>Use an API key.</p>", false)]
    [InlineData("https://example.com/blog/authors/jane", "", false)]
    public void Login_pages_are_recognised_by_address_or_password_form(string url, string body, bool login) =>
        Assert.Equal(login, SoftNotFound.IsLoginPage(new Uri(url), System.Text.Encoding.UTF8.GetBytes(body)));
}
