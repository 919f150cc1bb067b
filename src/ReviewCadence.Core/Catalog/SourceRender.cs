namespace ReviewCadence.Catalog;

/// <summary>How a source's page is read: its HTML as served, or the DOM a browser renders from it (<c>render: browser</c>).</summary>
public enum SourceRender
{
    /// <summary>The HTTP response body, as served (the default).</summary>
    Http,

    /// <summary>The page loaded in headless Chromium, scripts run, once its network has gone idle.</summary>
    Browser,
}
