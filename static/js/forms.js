// Two small helps for every form of the portal; both do nothing without JavaScript.
// 1. After a failed save the page comes back with an error summary (.errors-summary, a USWDS
//    error alert): focus moves to it, so a screen reader reads it and a keyboard user starts
//    from it. The same happens when htmx swaps a form with errors into the page.
// 2. A form marked data-warn-unsaved asks before the person leaves the page with changes they
//    have not saved. Submitting it, or a script saying the form was saved (the "easy:saved"
//    event, sent by the rater's autosave), clears the warning; a form saved in place by htmx
//    counts from what it holds after the answer, and forms htmx swaps in are watched too,
//    counted from what the server sent (a form that came back with errors was not saved).
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

  function chosen(select, useDefaults) {
    var values = [];
    Array.prototype.forEach.call(select.options, function (option) {
      if (useDefaults ? option.defaultSelected : option.selected) {
        values.push(option.value);
      }
    });
    if (useDefaults && !values.length && select.type === "select-one" && select.options.length) {
      values.push(select.options[0].value); // what a browser selects when none is marked
    }
    return values.join(",");
  }

  // What the form holds now, or (useDefaults) what the server sent in its markup.
  function snapshot(form, useDefaults) {
    var parts = [];
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.type === "hidden" || el.type === "submit" || el.type === "button") {
        return;
      }
      if (el.type === "checkbox" || el.type === "radio") {
        var on = useDefaults ? el.defaultChecked : el.checked;
        parts.push(el.name + "=" + (on ? el.value : ""));
      } else if (el.type === "file") {
        parts.push(el.name + "=" + (useDefaults ? 0 : el.files.length));
      } else if (el.tagName === "SELECT") {
        parts.push(el.name + "=" + chosen(el, useDefaults));
      } else {
        parts.push(el.name + "=" + (useDefaults ? el.defaultValue : el.value));
      }
    });
    return parts.join("&");
  }

  // What counts as saved when a form is first watched: what the server sent, so values a
  // script carried over into a fresh form still count as unsaved; a form that came back with
  // errors was not saved at all.
  var NOT_SAVED = "\u0000not saved";
  function baseline(form) {
    if (form.querySelector(".errors-summary, .usa-form-group--error")) {
      return NOT_SAVED;
    }
    return snapshot(form, true);
  }

  function watch(form) {
    if (saved.has(form)) {
      return;
    }
    saved.set(form, baseline(form));
    form.addEventListener("submit", function () {
      saved.set(form, null); // leaving through this form's own button is expected
    });
    form.addEventListener("easy:saved", function () {
      saved.set(form, snapshot(form));
    });
    form.addEventListener("htmx:afterRequest", function (event) {
      // Saved in place: the page stays, so changes from now on count again. (Requests from
      // inside the form, such as checking one field, save nothing.)
      if (event.detail.elt !== form || !form.isConnected) {
        return;
      }
      var target = event.detail.target;
      if (!event.detail.successful) {
        saved.set(form, NOT_SAVED); // the save failed: nothing typed is kept yet
      } else if (target && (target === form || form.contains(target))) {
        saved.set(form, baseline(form)); // fields fresh from the server (typing kept counts)
      } else {
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
      // Unsaved: changed since saved, a field still showing an error (its value was refused
      // or never sent), or text carried over from a form a save replaced.
      if (
        form.isConnected &&
        before !== null &&
        (snapshot(form) !== before || form.querySelector(".usa-form-group--error, [data-carried]"))
      ) {
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
