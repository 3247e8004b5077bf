// What JavaScript adds to the application form's page (application-form.html.j2 puts it inline:
// the page stands alone). Without it the form still shows every question, and the links under it
// to the fillable PDF and Word forms are the way to send the answers.
//
// - The word count of each answer with a word limit.
// - The answers kept in this browser (localStorage) as they are typed, so a reload or a closed
//   tab loses nothing, until "Clear my answers".
// - "Download as PDF": the form's own fillable PDF, carried in the page, with the answers written
//   into its fields as one incremental update (as a PDF editor saves a filled form), so the file
//   is the form `packgen collect` reads. render/browserfill.py prepares the PDF and says which
//   objects to write (the fill plan).
"use strict";
(function () {
  var form = document.getElementById("application");
  if (!form) { return; }
  var status = document.getElementById("form-status");
  function say(text) { if (status) { status.textContent = text; } }

  // --- word counts ---------------------------------------------------------------------------
  var counted = [];
  Array.prototype.forEach.call(form.querySelectorAll("textarea[data-word-limit]"), function (area) {
    var limit = Number(area.getAttribute("data-word-limit"));
    var shown = document.getElementById("count-" + area.id);
    var update = function () {
      var text = area.value.trim();
      var words = text ? text.split(/\s+/).length : 0;
      shown.textContent = words + " of " + limit + " words" + (words > limit ? " (too many)" : "");
      shown.classList.toggle("over", words > limit);
      area.setCustomValidity(words > limit ? "Please keep to " + limit + " words; this answer has " + words + "." : "");
    };
    area.addEventListener("input", update);
    counted.push(update);
    update();
  });
  function recount() { counted.forEach(function (update) { update(); }); }

  // --- the answers, kept in this browser ----------------------------------------------------
  var key = ["packgen-form", form.dataset.programme, form.dataset.year, form.dataset.hub].join(":");

  function answers() {
    var found = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.readOnly || el.type === "button") { return; }
      if (el.type === "radio") { if (el.checked) { found[el.name] = el.value; } return; }
      if (el.type === "checkbox") { found[el.name] = el.checked ? "Yes" : ""; return; }
      found[el.name] = el.value;
    });
    return found;
  }
  function save() {
    try { window.localStorage.setItem(key, JSON.stringify(answers())); } catch (e) { /* storage full or turned off */ }
  }
  function restore() {
    var kept = null;
    try { kept = JSON.parse(window.localStorage.getItem(key) || "null"); } catch (e) { kept = null; }
    if (!kept) { return false; }
    var any = false;
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.readOnly || !(el.name in kept)) { return; }
      if (el.type === "radio") { el.checked = el.value === kept[el.name]; any = any || el.checked; return; }
      if (el.type === "checkbox") { el.checked = kept[el.name] === "Yes"; any = any || el.checked; return; }
      el.value = kept[el.name];
      any = any || el.value !== "";
    });
    return any;
  }
  if (restore()) { say("The answers you typed earlier in this browser are filled in."); }
  recount();
  form.addEventListener("input", save);
  form.addEventListener("change", save);

  Array.prototype.forEach.call(document.querySelectorAll(".with-script"), function (el) { el.hidden = false; });
  var clear = document.getElementById("clear-answers");
  if (clear) {
    clear.addEventListener("click", function () {
      if (!window.confirm("Clear every answer on this form? They cannot be brought back.")) { return; }
      form.reset();
      try { window.localStorage.removeItem(key); } catch (e) { /* storage turned off */ }
      recount();
      say("Your answers are cleared.");
    });
  }

  // --- Download as PDF ----------------------------------------------------------------------
  var planned = document.getElementById("fill-plan");
  var blank = document.getElementById("blank-form");
  var download = document.getElementById("download-pdf");
  if (!download) { return; }
  if (!planned || !blank) { download.hidden = true; return; }
  var plan = JSON.parse(planned.textContent);

  function pdfText(value) {  // a PDF text string: UTF-16BE with its byte order mark, in hex
    var hex = "<FEFF";
    for (var i = 0; i < value.length; i++) { hex += ("000" + value.charCodeAt(i).toString(16).toUpperCase()).slice(-4); }
    return hex + ">";
  }
  function asDate(value) {  // a date input's 2024-03-01 as the PDF form asks for it: 01/03/2024
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
    return m ? m[3] + "/" + m[2] + "/" + m[1] : value;
  }
  function state(states, answer) {
    for (var i = 0; i < states.length; i++) { if (states[i][1] === answer) { return states[i][0]; } }
    return null;
  }
  function filled(values) {
    var objects = {};
    function put(num, gen, dict, add) { objects[num] = [gen, num + " " + gen + " obj\n<<" + add + dict.slice(2) + "\nendobj\n"]; }
    Object.keys(plan.boxes).forEach(function (name) {
      var box = plan.boxes[name];
      var value = values[name];
      if (!value) { return; }
      if (box.type === "text") {
        var drawn = box.drawn[value];  // a drop-down's answer, drawn beforehand, and its value as the form has it
        var written = box.options[value] || pdfText(value);
        put(box.obj[0], box.obj[1], box.dict, " /V " + written + (drawn ? " /AP << /N " + drawn + " >>" : ""));
        box.widgets.forEach(function (w) { put(w[0], w[1], w[2], ""); });
        return;
      }
      var answer = box.type === "checkbox" ? "Yes" : value;
      var on = state(box.states, answer);
      box.widgets.forEach(function (w) { on = on || state(w[3], answer); });
      if (!on) { return; }
      put(box.obj[0], box.obj[1], box.dict, " /V " + on + (box.widgets.length ? "" : " /AS " + on));
      box.widgets.forEach(function (w) { put(w[0], w[1], w[2], " /AS " + (state(w[3], answer) ? on : "/Off")); });
    });
    var original = Uint8Array.from(window.atob(JSON.parse(blank.textContent)), function (c) { return c.charCodeAt(0); });
    var text = "\n";
    var xref = "xref\n";
    Object.keys(objects).map(Number).sort(function (a, b) { return a - b; }).forEach(function (num) {
      xref += num + " 1\n" + ("0000000000" + (original.length + text.length)).slice(-10) + " " + ("00000" + objects[num][0]).slice(-5) + " n \n";
      text += objects[num][1];
    });
    var start = original.length + text.length;
    text += xref + "trailer\n<< /Size " + plan.size + " " + plan.trailer + " /Prev " + plan.prev + " >>\nstartxref\n" + start + "\n%%EOF\n";
    var out = new Uint8Array(original.length + text.length);  // every character of the update is one byte
    out.set(original);
    for (var i = 0; i < text.length; i++) { out[original.length + i] = text.charCodeAt(i) & 0xff; }
    return out;
  }

  download.addEventListener("click", function () {
    if (!form.reportValidity()) {
      say("Some answers are missing or need changing: the first one is selected.");
      return;
    }
    var values = answers();
    Array.prototype.forEach.call(form.querySelectorAll("input[type=date]"), function (el) {
      if (values[el.name]) { values[el.name] = asDate(values[el.name]); }
    });
    var file = new Blob([filled(values)], { type: "application/pdf" });
    var link = document.createElement("a");
    link.href = URL.createObjectURL(file);
    link.download = ["application-form", form.dataset.hub, form.dataset.programme, form.dataset.year].join("-") + ".pdf";
    document.body.appendChild(link);
    link.click();
    link.remove();
    window.setTimeout(function () { URL.revokeObjectURL(link.href); }, 60000);
    say("Your form is downloaded as a PDF, with your answers in it. Send it as the form says.");
  });
})();
