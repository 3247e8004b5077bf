// "Find your school" by name: an ARIA 1.2 combobox (list autocomplete) over /schools/find that
// fills the URN box below it. Without this script the URN box works alone; so does a failed search.
"use strict";
(function () {
  var box = document.querySelector(".school-search");
  var urn = document.getElementById("urn");
  if (!box || !urn || !window.fetch) { return; }
  var input = document.getElementById("school-search");
  var list = document.getElementById("school-search-list");
  var status = document.getElementById("school-search-status");
  var endpoint = box.getAttribute("data-endpoint");
  var results = [];
  var active = -1;
  var timer = null;
  var asked = 0;
  box.hidden = false;

  function close() {
    list.hidden = true;
    list.textContent = "";
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function mark(index) {
    var options = list.querySelectorAll("[role=option]");
    Array.prototype.forEach.call(options, function (option, i) {
      option.setAttribute("aria-selected", i === index ? "true" : "false");
    });
    active = index;
    if (index >= 0 && options[index]) {
      input.setAttribute("aria-activedescendant", options[index].id);
      options[index].scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function choose(index) {
    var school = results[index];
    if (!school) { return; }
    input.value = school.name;
    urn.value = school.urn;
    close();
    status.textContent = school.name + " chosen, URN " + school.urn + ". Press Continue to check its details.";
  }

  function show(data) {
    results = data.results || [];
    list.textContent = "";
    results.forEach(function (school, i) {
      var option = document.createElement("li");
      option.id = "school-search-option-" + i;
      option.className = "school-search__option";
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      option.textContent = school.name;
      var where = document.createElement("small");
      where.textContent = [school.town, school.postcode, "URN " + school.urn].filter(Boolean).join(", ") +
        (school.open === "yes" ? "" : " (closed)");
      option.appendChild(where);
      option.addEventListener("mousedown", function (event) { event.preventDefault(); });
      option.addEventListener("click", function () { choose(i); });
      list.appendChild(option);
    });
    var open = results.length > 0;
    list.hidden = !open;
    input.setAttribute("aria-expanded", open ? "true" : "false");
    active = -1;
    var more = data.total > results.length ? " of " + data.total + ": type more to narrow the list" : "";
    status.textContent = open
      ? results.length + " school" + (results.length === 1 ? "" : "s") + " found" + more + ". Use the up and down arrows to choose."
      : "No school found. Check the name, or enter your school's URN.";
  }

  function search() {
    var text = input.value.trim();
    if (text.length < 2) { close(); status.textContent = ""; return; }
    var mine = ++asked;
    window.fetch(endpoint + "?q=" + encodeURIComponent(text), { headers: { accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.json();
      })
      .then(function (data) { if (mine === asked) { show(data); } })
      .catch(function () {
        if (mine === asked) { close(); status.textContent = "The search is not working. Enter your school's URN instead."; }
      });
  }

  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(search, 250);
  });
  input.addEventListener("keydown", function (event) {
    var count = results.length;
    if (event.key === "ArrowDown") {
      event.preventDefault();
      if (list.hidden && count) { list.hidden = false; input.setAttribute("aria-expanded", "true"); }
      if (count) { mark((active + 1) % count); }
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      if (count) { mark(active <= 0 ? count - 1 : active - 1); }
    } else if (event.key === "Enter") {
      if (!list.hidden && active >= 0) { event.preventDefault(); choose(active); }
    } else if (event.key === "Escape") {
      if (!list.hidden) { event.preventDefault(); close(); }
    }
  });
  input.addEventListener("blur", function () { window.setTimeout(close, 150); });
})();
