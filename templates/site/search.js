/* The site's search: shows the hubs whose name, code or areas hold every word typed, and says so
   of a hub that matches but has no pack of a programme-year. Without JavaScript the form stays
   hidden and the page is a plain list. */
(function () {
  "use strict";
  var form = document.querySelector("form.search");
  if (!form || !window.Array.prototype.every) { return; }
  var input = form.querySelector("input");
  var status = document.getElementById("search-status");
  var rows = Array.prototype.slice.call(document.querySelectorAll("tr[data-search]"));
  var absent = Array.prototype.slice.call(document.querySelectorAll("li[data-search]"));  // hubs with no pack of it
  var lists = Array.prototype.slice.call(document.querySelectorAll("details.no-pack"));
  var groups = Array.prototype.slice.call(document.querySelectorAll("[data-group]")).reverse();
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  function matcher(items) {
    var texts = items.map(function (item) { return fold(item.getAttribute("data-search")); });
    return function (words) {  // shows the items holding every word; returns those shown
      return items.filter(function (item, i) {
        var hit = words.every(function (word) { return texts[i].indexOf(word) !== -1; });
        item.hidden = !hit;
        return hit;
      });
    };
  }
  var matchRows = matcher(rows);
  var matchAbsent = matcher(absent);

  function listed(names) {  // "A", "A and B", "A, B and C"
    return names.length < 2 ? names.join("") : names.slice(0, -1).join(", ") + " and " + names[names.length - 1];
  }

  function apply() {
    var words = fold(input.value).split(/\s+/).filter(Boolean);
    var shown = matchRows(words).length;
    var missing = matchAbsent(words);
    groups.forEach(function (group) {  // innermost first: a region or a no-pack list, then its programme-year
      group.hidden = !group.querySelector("[data-search]:not([hidden])");
    });
    lists.forEach(function (list) { list.open = words.length > 0 && !list.hidden; });
    var said = [];
    if (shown) {
      said.push(shown + " of " + rows.length + (rows.length === 1 ? " pack matches." : " packs match."));
    }
    var without = Object.create(null);  // hub name -> the programme-years it has no pack of, of those that match
    var hubs = [];
    missing.forEach(function (item) {
      var hub = item.getAttribute("data-hub");
      if (!without[hub]) { without[hub] = []; hubs.push(hub); }
      without[hub].push(item.getAttribute("data-for"));
    });
    if (hubs.length && hubs.length <= 3) {
      hubs.forEach(function (hub) { said.push(hub + " has no pack for " + listed(without[hub]) + "."); });
    } else if (hubs.length) {
      said.push(hubs.length + " hubs that match have no pack for some programme-years; each is listed under them.");
    }
    if (!words.length) {
      status.textContent = "";
    } else if (!said.length) {
      status.textContent = "No hub matches \u201c" + input.value.trim() + "\u201d.";
    } else {
      status.textContent = said.join(" ");
    }
  }

  form.addEventListener("submit", function (event) { event.preventDefault(); apply(); });
  input.addEventListener("input", apply);
  form.hidden = false;
  var asked = new URLSearchParams(window.location.search).get("q");
  if (asked) { input.value = asked; apply(); }
}());
