// packgen preview: reload the page when a save changes what it shows, keeping where the reader was.
(function () {
  "use strict";
  var meta = document.querySelector('meta[name="packgen-preview"]');
  if (!meta) { return; }
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
  var url = meta.getAttribute("data-events") + "&seen=" + encodeURIComponent(meta.getAttribute("content"));
  var events = new EventSource(url);
  events.addEventListener("reload", function () {
    events.close();
    sessionStorage.setItem(place, String(window.scrollY));
    location.reload();
  });
})();
