// The workspace's in-place changes (htmx). Nothing here is needed without JavaScript: the same
// links and forms then load whole pages, and static/js/forms.js looks after those.
// 1. Where the keyboard focus goes after a swap: a failed save, to the form's error summary;
//    a row opened for change, to its first field.
// 2. A form put in by a swap (the add form after an error, a row's change form) asks before
//    the person leaves the page with changes they have not saved, as the page's own forms do.
(function () {
  "use strict";

  function snapshot(form) {
    var parts = [];
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.type === "hidden" || el.type === "submit" || el.type === "button") {
        return;
      }
      if (el.type === "checkbox" || el.type === "radio") {
        parts.push(el.name + "=" + (el.checked ? el.value : ""));
      } else if (el.type === "file") {
        parts.push(el.name + "=" + el.files.length);
      } else {
        parts.push(el.name + "=" + el.value);
      }
    });
    return parts.join("&");
  }

  var watched = [];
  window.addEventListener("beforeunload", function (event) {
    var unsaved = watched.some(function (entry) {
      return entry.form.isConnected && entry.before !== null && snapshot(entry.form) !== entry.before;
    });
    if (unsaved) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  function watch(form) {
    var entry = { form: form, before: snapshot(form) };
    form.addEventListener("submit", function () {
      entry.before = null; // leaving through this form's own button is expected
    });
    watched.push(entry);
  }

  document.addEventListener("htmx:load", function (event) {
    var elt = event.detail.elt;
    if (!elt || elt === document.body || !elt.querySelector) {
      return;
    }
    var forms = elt.matches("form") ? [elt] : Array.prototype.slice.call(elt.querySelectorAll("form"));
    forms.forEach(function (form) {
      if (form.matches("[data-warn-unsaved], .row-editing form")) {
        watch(form);
      }
    });
    var summary = elt.querySelector(".errors-summary");
    if (summary) {
      if (!summary.hasAttribute("tabindex")) {
        summary.setAttribute("tabindex", "-1");
      }
      summary.focus();
      return;
    }
    if (elt.matches(".row-editing")) {
      var first = elt.querySelector("input:not([type=hidden]), select, textarea");
      if (first) {
        first.focus();
      }
    }
  });
})();
