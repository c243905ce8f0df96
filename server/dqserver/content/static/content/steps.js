/* The steps of a topic: "nach oben" / "nach unten" move a step, and its position follows its
   place on the page when saving (a new step comes last); a picture chosen from the collection
   shows at once. */
"use strict";
(function () {
  function steps() {
    return Array.from(document.querySelectorAll("#steps-group .inline-related"))
      .filter(function (el) { return !el.classList.contains("empty-form") && el.id !== "steps-empty"; });
  }
  function blank(el) {  // an empty extra step stays unchanged: Django then leaves it out
    var id = el.querySelector("input[name$='-id']"), text = el.querySelector("textarea[name$='-text_de']");
    return !(id && id.value) && !(text && text.value.trim());
  }
  function renumber() {
    steps().forEach(function (el, n) {
      var position = el.querySelector("input.dq-position");
      if (position && !blank(el)) { position.value = n + 1; }
      var label = el.querySelector(".inline_label");
      if (label && !label.dataset.dqOriginal) { label.dataset.dqOriginal = label.textContent; }
      if (label) { label.textContent = String(n + 1); }
    });
  }
  function addArrows(el) {
    if (el.querySelector(".dq-move") || el.id === "steps-empty") { return; }
    var heading = el.querySelector("h3");
    if (!heading) { return; }
    [["▲ nach oben", -1], ["▼ nach unten", 1]].forEach(function (spec) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "button dq-move";
      button.textContent = spec[0];
      button.style.marginLeft = "1em";
      button.addEventListener("click", function () {
        var all = steps(), i = all.indexOf(el), j = i + spec[1];
        if (j < 0 || j >= all.length) { return; }
        if (spec[1] < 0) { all[j].before(el); } else { all[j].after(el); }
        renumber();
      });
      heading.appendChild(button);
    });
  }
  function refresh() { steps().forEach(addArrows); renumber(); }
  /* Each text is checked while it is typed, by the server (the kiosk's own rules), and the
     message shown above the field as after saving. */
  var CHECKED = /(^|-)(text|summary)_[a-z]{2}$|^checked$/, timers = {};
  function check(field) {
    var url = document.body.dataset.dqCheck || "../pruefen/";
    fetch(url + "?feld=" + encodeURIComponent(field.name) + "&wert=" +
          encodeURIComponent(field.value), {credentials: "same-origin"})
      .then(function (r) { return r.json(); })
      .then(function (answer) {
        var box = field.parentNode.querySelector("ul.dq-live");
        if (!answer.fehler) { if (box) { box.remove(); } return; }
        if (!box) {
          box = document.createElement("ul");
          box.className = "errorlist dq-live";
          field.parentNode.insertBefore(box, field);
        }
        box.innerHTML = "";
        var item = document.createElement("li");
        item.textContent = answer.fehler;
        box.appendChild(item);
      });
  }
  document.addEventListener("input", function (event) {
    var field = event.target;
    if (!field.name || !CHECKED.test(field.name)) { return; }
    clearTimeout(timers[field.name]);
    timers[field.name] = setTimeout(function () { check(field); }, 400);
  });
  document.addEventListener("DOMContentLoaded", function () {
    refresh();
    document.addEventListener("formset:added", refresh);
    var form = document.querySelector("#topic_form");
    if (form) { form.addEventListener("submit", renumber); }
    document.querySelectorAll(".dq-picture input[type=hidden]").forEach(function (input) {
      input.addEventListener("change", function () {
        var box = input.closest(".dq-picture"), img = box.querySelector("img.dq-thumb");
        img.src = "/admin/bild/" + input.value + "/";
        img.style.display = "";
        box.querySelector(".dq-picture-name").textContent = "gewählt";
      });
    });
  });
})();
