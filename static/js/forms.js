// Two small helps for every form of the portal; both do nothing without JavaScript.
// 1. After a failed save the page comes back with an error summary: focus moves to it, so a
//    screen reader reads it and a keyboard user starts from it.
// 2. A form marked data-warn-unsaved asks before the person leaves the page with changes they
//    have not saved. Submitting it, or a script saying the form was saved (the "easy:saved"
//    event, sent by the rater's autosave), clears the warning.
(function () {
  "use strict";

  function focusErrorSummary() {
    var summary = document.querySelector(".errors-summary");
    if (!summary) {
      return;
    }
    if (!summary.hasAttribute("tabindex")) {
      summary.setAttribute("tabindex", "-1");
    }
    summary.focus();
  }

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

  function watchUnsaved() {
    var forms = Array.prototype.slice.call(document.querySelectorAll("form[data-warn-unsaved]"));
    if (!forms.length) {
      return;
    }
    var saved = new Map();
    forms.forEach(function (form) {
      saved.set(form, snapshot(form));
      form.addEventListener("submit", function () {
        saved.set(form, null); // leaving through this form's own button is expected
      });
      form.addEventListener("easy:saved", function () {
        saved.set(form, snapshot(form));
      });
    });
    window.addEventListener("beforeunload", function (event) {
      var unsaved = forms.some(function (form) {
        var before = saved.get(form);
        return before !== null && snapshot(form) !== before;
      });
      if (unsaved) {
        event.preventDefault();
        event.returnValue = "";
      }
    });
  }

  function start() {
    focusErrorSummary();
    watchUnsaved();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
