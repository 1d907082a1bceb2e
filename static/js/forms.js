// Two small helps for every form of the portal; both do nothing without JavaScript.
// 1. After a failed save the page comes back with an error summary (.errors-summary, a USWDS
//    error alert): focus moves to it, so a screen reader reads it and a keyboard user starts
//    from it. The same happens when htmx swaps a form with errors into the page.
// 2. A form marked data-warn-unsaved asks before the person leaves the page with changes they
//    have not saved. Submitting it, or a script saying the form was saved (the "easy:saved"
//    event, sent by the rater's autosave), clears the warning; a form saved in place by htmx
//    counts from what it holds after the answer, and forms htmx swaps in are watched too.
(function () {
  "use strict";

  var saved = new Map(); // form -> what it held when last saved (null: leaving through it)

  function focusErrorSummary() {
    var summary = document.querySelector(".errors-summary:not([data-focused])");
    Array.prototype.forEach.call(document.querySelectorAll(".errors-summary"), function (s) {
      s.setAttribute("data-focused", "");
    });
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

  function watch(form) {
    if (saved.has(form)) {
      return;
    }
    saved.set(form, snapshot(form));
    form.addEventListener("submit", function () {
      saved.set(form, null); // leaving through this form's own button is expected
    });
    form.addEventListener("easy:saved", function () {
      saved.set(form, snapshot(form));
    });
    form.addEventListener("htmx:afterRequest", function (event) {
      // Saved in place: the page stays, so changes from now on count again. (Requests from
      // inside the form, such as checking one field, save nothing.)
      if (event.detail.elt === form && form.isConnected) {
        saved.set(form, snapshot(form));
      }
    });
  }

  function watchUnsaved() {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-warn-unsaved]"), watch);
  }

  window.addEventListener("beforeunload", function (event) {
    var unsaved = false;
    saved.forEach(function (before, form) {
      if (form.isConnected && before !== null && snapshot(form) !== before) {
        unsaved = true;
      }
    });
    if (unsaved) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  function start() {
    focusErrorSummary();
    watchUnsaved();
    // Content swapped in by htmx: new forms are watched, a new error summary takes focus.
    document.body.addEventListener("htmx:afterSettle", function () {
      watchUnsaved();
      focusErrorSummary();
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
