// packgen preview: when a save changes what the page shows, put the page as it now is in place of
// this one, keeping where the reader was. Fetching it and swapping it in took a quarter of the
// time a reload did (no new document, script or event stream to start: benchmarks/preview.py).
// The head's stylesheets and script stay the same elements, so nothing is drawn unstyled; a
// page that answers otherwise (an error, a redirect to another view) is loaded instead.
(function () {
  "use strict";
  if (window.packgenPreview) { return; }  // already listening (a page swapped in keeps its window)
  window.packgenPreview = true;
  var place = "packgen-preview-scroll:" + location.pathname + location.search;
  if ("scrollRestoration" in history) { history.scrollRestoration = "manual"; }
  // The reader stays at the same height of the page, as after a reload: the browser's scroll
  // anchoring would otherwise follow a paragraph above that grew.
  document.documentElement.style.overflowAnchor = "none";
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

  // A stylesheet or script the new head has too: kept as it is, never taken out and put back
  // (which would load it again and draw the page without it meanwhile).
  function same(node) {
    if (node.nodeType !== 1) { return null; }
    if (node.matches('link[rel="stylesheet"]')) { return "link " + node.getAttribute("href"); }
    if (node.matches("script[src]")) { return "script " + node.getAttribute("src"); }
    return null;
  }

  function swapHead(next) {
    var head = document.head;
    var kept = {};
    Array.prototype.forEach.call(next.head.childNodes, function (node) {
      var key = same(node);
      if (key) { kept[key] = null; }
    });
    Array.prototype.slice.call(head.childNodes).forEach(function (node) {
      var key = same(node);
      if (key && key in kept && kept[key] === null) { kept[key] = node; } else { head.removeChild(node); }
    });
    var last = null;  // the new head's order: each node after the one before it
    Array.prototype.forEach.call(next.head.childNodes, function (node) {
      var key = same(node);
      var here = key && kept[key] ? kept[key] : document.importNode(node, true);
      if (here.parentNode !== head) { head.insertBefore(here, last ? last.nextSibling : head.firstChild); }
      last = here;
    });
  }

  function swap(html) {
    var next = new DOMParser().parseFromString(html, "text/html");
    if (!next.querySelector('meta[name="packgen-preview"]')) { throw new Error("not a preview page"); }
    var focused = document.activeElement && document.activeElement.id;
    var y = window.scrollY;  // where the reader is now, not when the save was told
    swapHead(next);
    document.documentElement.replaceChild(document.importNode(next.body, true), document.body);
    window.scrollTo(0, y);
    var at = window.scrollY;  // short of y while pictures lay out: go on to y as they do, unless the reader moved
    Array.prototype.forEach.call(document.images, function (img) {
      if (img.complete) { return; }
      img.addEventListener("load", function () {
        if (window.scrollY === at) { window.scrollTo(0, y); at = window.scrollY; }
      });
    });
    var again = focused && document.getElementById(focused);  // a keyboard user keeps their place too
    if (again) { again.focus({ preventScroll: true }); }
  }

  function update() {
    fetch(location.href, { cache: "no-store", redirect: "manual" })
      .then(function (response) {
        if (!response.ok) { reload(); return; }
        return response.text().then(function (html) {
          try { swap(html); } catch (e) { reload(); return; }
          listen();
        });
      })
      .catch(function () { listen(); });  // the server is down: its events say when it is back
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
