// What JavaScript adds to the pages, and only this: the live word count, a draft of the form
// kept in this browser so a reload loses nothing, and moving focus to the error summary.
// Every page works without it.
"use strict";
(function () {
  var summary = document.querySelector("[data-error-summary]");
  if (summary) { summary.focus(); }

  var main = document.querySelector("[data-clear-draft]");
  if (main) {
    try { window.localStorage.removeItem(main.getAttribute("data-clear-draft")); } catch (e) { /* storage off */ }
  }

  function words(text) {
    var trimmed = text.trim();
    return trimmed ? trimmed.split(/\s+/).length : 0;
  }
  var areas = document.querySelectorAll("textarea[data-word-limit]");
  Array.prototype.forEach.call(areas, function (area) {
    var limit = Number(area.getAttribute("data-word-limit"));
    var shown = document.getElementById("count-" + area.id);
    if (!shown) { return; }
    var update = function () {
      var count = words(area.value);
      var left = limit - count;
      shown.textContent = left >= 0
        ? "You have " + left + " word" + (left === 1 ? "" : "s") + " remaining"
        : "You have " + (-left) + " word" + (left === -1 ? "" : "s") + " too many";
      shown.classList.toggle("over", left < 0);
    };
    area.addEventListener("input", update);
    update();
  });

  var form = document.getElementById("application");
  if (!form || !form.getAttribute("data-draft-key")) { return; }
  var key = form.getAttribute("data-draft-key");
  var skip = { _csrf: true, _website: true };
  // A draft is kept 7 days: on a shared computer the next person should not find it for ever.
  var KEPT_MS = 7 * 24 * 60 * 60 * 1000;
  function save() {
    var draft = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || skip[el.name] || el.type === "hidden" || el.type === "submit") { return; }
      if (el.type === "radio") { if (el.checked) { draft[el.name] = el.value; } return; }
      if (el.type === "checkbox") { draft[el.name] = el.checked; return; }
      draft[el.name] = el.value;
    });
    var kept = { saved: Date.now(), answers: draft };
    try { window.localStorage.setItem(key, JSON.stringify(kept)); } catch (e) { /* storage full or off */ }
  }
  function restore() {
    var kept, draft;
    try { kept = JSON.parse(window.localStorage.getItem(key) || "null"); } catch (e) { kept = null; }
    if (kept && (typeof kept.saved !== "number" || Date.now() - kept.saved > KEPT_MS || !kept.answers)) {
      try { window.localStorage.removeItem(key); } catch (e) { /* storage off */ }
      kept = null;  // too old, or from before drafts said when they were saved
    }
    draft = kept ? kept.answers : null;
    if (!draft) { return false; }
    var restored = false;
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || skip[el.name] || !(el.name in draft) || el.readOnly) { return; }
      if (el.type === "radio") { el.checked = el.value === draft[el.name]; restored = restored || el.checked; return; }
      if (el.type === "checkbox") { el.checked = draft[el.name] === true; restored = restored || el.checked; return; }
      if (el.type === "hidden" || el.type === "submit") { return; }
      el.value = draft[el.name];
      restored = restored || el.value !== "";
      el.dispatchEvent(new Event("input"));
    });
    return restored;
  }
  // A fresh form takes the draft; a form the server filled in (errors, "Change") is newer than it.
  if (form.getAttribute("data-fresh") === "yes" && restore()) {
    var status = document.getElementById("draft-status");
    if (status) {
      status.textContent = "We filled in the answers you typed earlier in this browser.";
      status.hidden = false;
    }
  }
  form.addEventListener("input", save);
  form.addEventListener("change", save);
})();
