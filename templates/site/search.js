/* The site's search: shows the hubs whose name, code or areas hold every word typed. Without
   JavaScript the form stays hidden and the page is a plain list. */
(function () {
  "use strict";
  var form = document.querySelector("form.search");
  if (!form || !window.Array.prototype.every) { return; }
  var input = form.querySelector("input");
  var status = document.getElementById("search-status");
  var rows = Array.prototype.slice.call(document.querySelectorAll("tr[data-search]"));
  var groups = Array.prototype.slice.call(document.querySelectorAll("[data-group]")).reverse();
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  var texts = rows.map(function (row) { return fold(row.getAttribute("data-search")); });

  function apply() {
    var words = fold(input.value).split(/\s+/).filter(Boolean);
    var shown = 0;
    rows.forEach(function (row, i) {
      var hit = words.every(function (word) { return texts[i].indexOf(word) !== -1; });
      row.hidden = !hit;
      if (hit) { shown += 1; }
    });
    groups.forEach(function (group) {  // innermost first: a region, then its programme-year
      group.hidden = !group.querySelector("tr[data-search]:not([hidden])");
    });
    if (!words.length) {
      status.textContent = "";
    } else if (!shown) {
      status.textContent = "No hub matches \u201c" + input.value.trim() + "\u201d.";
    } else {
      status.textContent = shown + " of " + rows.length + (rows.length === 1 ? " pack matches." : " packs match.");
    }
  }

  form.addEventListener("submit", function (event) { event.preventDefault(); apply(); });
  input.addEventListener("input", apply);
  form.hidden = false;
  var asked = new URLSearchParams(window.location.search).get("q");
  if (asked) { input.value = asked; apply(); }
}());
