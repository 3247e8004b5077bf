// packgen preview: when a save changes what the page shows, put the page as it now is in place of
// this one, keeping where the reader was. Fetching it and swapping it in took a quarter of the
// time a reload did (no new document, script or event stream to start: benchmarks/preview.py);
// if the new page cannot be had that way, the page reloads.
(function () {
  "use strict";
  if (window.packgenPreview) { return; }  // already listening (a page swapped in keeps its window)
  window.packgenPreview = true;
  var place = "packgen-preview-scroll:" + location.pathname + location.search;
  if ("scrollRestoration" in history) { history.scrollRestoration = "manual"; }
  var saved = sessionStorage.getItem(place);
  if (saved !== null) {
    sessionStorage.removeItem(place);
    var y = Number(saved);
    window.scrollTo(0, y);
    // Pictures may still be laying out: go back there once they have.
    window.addEventListener("load", function () { window.scrollTo(0, y); });
  }

  function reload() {
    sessionStorage.setItem(place, String(window.scrollY));
    location.reload();
  }

  function update() {
    var y = window.scrollY;
    fetch(location.href, { cache: "no-store", redirect: "manual" })
      .then(function (response) {
        if (!response.ok) { throw new Error("the page answered " + response.status); }
        return response.text();
      })
      .then(function (html) {
        var next = new DOMParser().parseFromString(html, "text/html");
        if (!next.querySelector('meta[name="packgen-preview"]')) { throw new Error("not a preview page"); }
        var root = document.importNode(next.documentElement, true);
        // The reader stays at the same height of the page, as after a reload: the browser's scroll
        // anchoring would otherwise follow a paragraph above that grew.
        root.style.overflowAnchor = "none";
        document.replaceChild(root, document.documentElement);
        window.scrollTo(0, y);
        // Pictures may still be laying out: go back there as each has (as after a reload).
        Array.prototype.forEach.call(document.images, function (img) {
          if (!img.complete) { img.addEventListener("load", function () { window.scrollTo(0, y); }); }
        });
        listen();
      })
      .catch(reload);
  }

  function listen() {
    var meta = document.querySelector('meta[name="packgen-preview"]');
    if (!meta) { return; }
    var url = meta.getAttribute("data-events") + "&seen=" + encodeURIComponent(meta.getAttribute("content"));
    var events = new EventSource(url);
    events.addEventListener("reload", function () {
      events.close();
      update();
    });
  }

  listen();
})();
