/// The files the preview serves under `/__portal/` beside the site: the reload script and the
/// stylesheet of what `PreviewPage` adds. The build never writes them, so they never reach nginx.
enum PreviewAssets {
    static let prefix = "/__portal/"
    static let versionPath = "/__portal/version"
    static let draftsPath = "/__portal/drafts.json"
    static let reloadScriptPath = "/__portal/reload.js"
    static let stylesheetPath = "/__portal/preview.css"

    /// Polls the version the page was built at and reloads when a rebuild changed it; marks links
    /// to drafts in the page's main part (listings, the home page) with 草稿.
    static let reloadScript = """
    // portal serve: reload the page when the site was rebuilt; mark links to drafts.
    (function () {
      "use strict";
      var script = document.currentScript;
      var version = script ? script.getAttribute("data-version") : null;

      function poll() {
        fetch("\(versionPath)", { cache: "no-store" })
          .then(function (response) { return response.text(); })
          .then(function (latest) {
            if (version !== null && latest !== version) {
              window.location.reload();
              return;
            }
            window.setTimeout(poll, 500);
          })
          .catch(function () {
            // The preview was stopped or is restarting: keep asking, more slowly.
            window.setTimeout(poll, 1500);
          });
      }
      window.setTimeout(poll, 500);

      fetch("\(draftsPath)", { cache: "no-store" })
        .then(function (response) { return response.json(); })
        .then(function (drafts) {
          var isDraft = {};
          drafts.forEach(function (path) { isDraft[path] = true; });
          var links = document.querySelectorAll("main a[href]");
          for (var i = 0; i < links.length; i++) {
            var url = new URL(links[i].getAttribute("href"), window.location.href);
            if (url.origin !== window.location.origin || !isDraft[url.pathname]) continue;
            var mark = document.createElement("span");
            mark.className = "portal-preview-draft-mark";
            mark.textContent = "草稿";
            links[i].appendChild(mark);
          }
        })
        .catch(function () {});
    })();

    """

    static let stylesheet = """
    /* portal serve: what the preview adds to the site's pages. */
    .portal-preview-errors {
      position: sticky;
      top: 0;
      z-index: 1000;
      max-height: 60vh;
      overflow: auto;
      margin: 0;
      padding: 0.75rem 1rem;
      background: #fff1f0;
      border-bottom: 3px solid #b71c1c;
      color: #3b0a0a;
      font-size: 0.9rem;
    }
    .portal-preview-errors__headline {
      margin: 0 0 0.5rem;
      font-weight: bold;
      color: #b71c1c;
    }
    .portal-preview-errors pre {
      margin: 0;
      white-space: pre-wrap;
      word-break: break-word;
      font-size: 0.85rem;
      line-height: 1.5;
    }
    .portal-preview-draft {
      margin: 0 0 1rem;
      padding: 0.5rem 0.75rem;
      background: #fff8e1;
      border-left: 4px solid #e65100;
      color: #4e2600;
    }
    .portal-preview-draft strong,
    .portal-preview-draft-mark {
      display: inline-block;
      padding: 0 0.4em;
      border-radius: 3px;
      background: #e65100;
      color: #fff;
      font-weight: bold;
    }
    .portal-preview-draft-mark {
      margin-left: 0.4em;
      font-size: 0.8em;
      vertical-align: middle;
    }

    """
}
