using ReviewCadence.Checking;
using ReviewCadence.Tests.Infrastructure;

namespace ReviewCadence.Tests.Fetching;

public class HttpPageFetcherRedirectTests : FetchTestBase
{
    [Fact]
    public async Task A_chain_of_permanent_redirects_is_followed_and_reports_where_the_page_moved()
    {
        Site.Redirect("/old", "/older-still", 301)
            .Redirect("/older-still", Site.Url("/new").ToString(), 308)
            .Page("/new", "<h1>New</h1>");

        var result = await FetchAsync("/old");

        Assert.Equal(FetchStatus.Ok, result.Status);
        Assert.Equal(Site.Url("/new"), result.FinalUrl);
        Assert.Equal(Site.Url("/new"), result.MovedTo);
        Assert.Equal($"moved permanently to {Site.Url("/new")}", result.Detail);
        Assert.Equal("<h1>New</h1>", System.Text.Encoding.UTF8.GetString(result.Body!.Span));
    }

    [Theory]
    [InlineData(302)]
    [InlineData(303)]
    [InlineData(307)]
    public async Task A_temporary_redirect_is_followed_without_a_move(int status)
    {
        Site.Redirect("/docs/current", "/docs/v2", status).Page("/docs/v2", "v2");

        var result = await FetchAsync("/docs/current");

        Assert.Equal(FetchStatus.Ok, result.Status);
        Assert.Equal(Site.Url("/docs/v2"), result.FinalUrl);
        Assert.Null(result.MovedTo);
    }

    [Fact]
    public async Task A_temporary_hop_after_a_permanent_one_moves_the_source_only_as_far_as_the_permanent_target()
    {
        Site.Redirect("/a", "/b", 301).Redirect("/b", "/c", 302).Page("/c", "c");

        var result = await FetchAsync("/a");

        Assert.Equal(Site.Url("/c"), result.FinalUrl);
        Assert.Equal(Site.Url("/b"), result.MovedTo);
    }

    [Fact]
    public async Task A_permanent_redirect_that_adds_a_trailing_slash_and_fragment_is_not_a_move()
    {
        Site.Redirect("/docs/page", "/docs/page/#intro", 301).Page("/docs/page/", "page");

        var result = await FetchAsync("/docs/page");

        Assert.Equal(FetchStatus.Ok, result.Status);
        Assert.Equal(Site.Url("/docs/page/"), result.FinalUrl);
        Assert.Null(result.MovedTo);
        Assert.Null(result.Detail);
    }

    [Fact]
    public async Task A_permanent_redirect_that_adds_tracking_parameters_is_not_a_move()
    {
        Site.Sequence("/docs/page", TestResponse.RedirectTo("/docs/page?utm_source=newsletter&fbclid=abc", 308), TestResponse.Html("page"));

        var result = await FetchAsync("/docs/page");

        Assert.Equal(FetchStatus.Ok, result.Status);
        Assert.Equal(Site.Url("/docs/page?utm_source=newsletter&fbclid=abc"), result.FinalUrl);
        Assert.Null(result.MovedTo);
    }

    [Fact]
    public async Task A_redirect_loop_fails_and_says_so()
    {
        Site.Redirect("/ping", "/pong", 302).Redirect("/pong", "/ping", 302);

        var result = await FetchAsync("/ping");

        Assert.Equal(FetchStatus.Failed, result.Status);
        Assert.StartsWith("redirect loop", result.Detail);
        Assert.False(result.NetworkFailure);
        Assert.Equal(1, Site.RequestCount("/ping"));
        Assert.Equal(1, Site.RequestCount("/pong"));
    }

    [Theory]
    [InlineData(10, FetchStatus.Ok)]
    [InlineData(11, FetchStatus.Failed)]
    public async Task At_most_ten_redirects_are_followed(int redirects, FetchStatus expected)
    {
        for (var i = 0; i < redirects; i++)
            Site.Redirect($"/hop{i}", $"/hop{i + 1}", 302);
        Site.Page($"/hop{redirects}", "end");

        var result = await FetchAsync("/hop0");

        Assert.Equal(expected, result.Status);
        if (expected == FetchStatus.Failed)
            Assert.Equal("more than 10 redirects", result.Detail);
    }

    [Theory]
    [InlineData("/", 302)]
    [InlineData("/", 301)]
    [InlineData("/en/", 302)]
    [InlineData("/index.html", 301)]
    public async Task A_deep_link_redirected_to_the_home_page_is_a_soft_404(string home, int status)
    {
        Site.Redirect("/docs/retired-feature", home, status).Page(home, "<h1>Welcome</h1>");

        var result = await FetchAsync("/docs/retired-feature");

        Assert.Equal(FetchStatus.NotFound, result.Status);
        Assert.Equal(200, result.HttpStatus);
        Assert.Equal($"redirected to the site's home page ({Site.Url(home)})", result.Detail);
        Assert.Null(result.MovedTo);
    }

    [Fact]
    public async Task A_home_page_redirected_to_its_locale_home_is_not_a_soft_404()
    {
        Site.Redirect("/", "/en/", 302).Page("/en/", "<h1>Welcome</h1>");

        var result = await FetchAsync("/");

        Assert.Equal(FetchStatus.Ok, result.Status);
    }

    [Theory]
    [InlineData("/login?returnUrl=%2Fdocs%2Fprivate")]
    [InlineData("/users/sign_in")]
    [InlineData("/auth/")]
    public async Task A_deep_link_redirected_to_a_login_page_is_a_soft_404(string login)
    {
        Site.Redirect("/docs/private", login, 302).Page(login.Split('?')[0], "<form><input name=user></form>");

        var result = await FetchAsync("/docs/private");

        Assert.Equal(FetchStatus.NotFound, result.Status);
        Assert.StartsWith("redirected to a login page", result.Detail);
    }

    [Fact]
    public async Task A_deep_link_redirected_to_a_page_with_a_password_form_is_a_soft_404()
    {
        Site.Redirect("/docs/private", "/account", 302)
            .Page("/account", """<form method="post"><input name="email"><input type="password" name="pw"></form>""");

        var result = await FetchAsync("/docs/private");

        Assert.Equal(FetchStatus.NotFound, result.Status);
        Assert.StartsWith("redirected to a login page", result.Detail);
    }

    [Fact]
    public async Task A_deep_link_redirected_to_another_deep_page_is_not_a_soft_404()
    {
        Site.Redirect("/docs/authentication-guide", "/docs/auth-guide", 301).Page("/docs/auth-guide", "<h1>Auth</h1>");

        var result = await FetchAsync("/docs/authentication-guide");

        Assert.Equal(FetchStatus.Ok, result.Status);
        Assert.Equal(Site.Url("/docs/auth-guide"), result.MovedTo);
    }

    [Fact]
    public async Task A_redirect_to_a_missing_page_is_not_found_there()
    {
        Site.Redirect("/old", "/gone", 301).Status("/gone", 404);

        var result = await FetchAsync("/old");

        Assert.Equal(FetchStatus.NotFound, result.Status);
        Assert.Equal($"HTTP 404 at {Site.Url("/gone")}", result.Detail);
    }

    [Fact]
    public async Task A_redirect_without_a_location_fails()
    {
        Site.Respond("/broken-redirect", new TestResponse { Status = 302, ContentType = null });

        var result = await FetchAsync("/broken-redirect");

        Assert.Equal(FetchStatus.Failed, result.Status);
        Assert.Equal(302, result.HttpStatus);
        Assert.Equal("HTTP 302 redirect without a usable Location", result.Detail);
    }
}
