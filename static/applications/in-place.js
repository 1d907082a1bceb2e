// The workspace's rows changed in place (htmx): a row opened for change puts the keyboard
// focus on its first field. (static/js/forms.js watches the forms htmx swaps in and moves the
// focus to a new error summary.) Without JavaScript the same link opens the change page.
//
// Nothing the person types is lost to an answer that arrives after they typed it:
// - an add form's answer (the fresh form after a save, or the form again with its errors)
//   keeps every field changed since the form was sent, and does not move the focus away from
//   a field the person went on typing in;
// - a field's check does not put back the field when its value changed since the check was
//   sent (its next change is checked again).
// The requests themselves do not race: the field checks and the save of one form wait for
// each other in order (hx-sync, set in the markup).
(function () {
  "use strict";

  function isAddForm(elt) {
    return elt && elt.matches && elt.matches("form[data-add-form]");
  }

  function state(el) {
    if (el.type === "checkbox" || el.type === "radio") {
      return el.checked;
    }
    if (el.type === "file") {
      return el.files.length;
    }
    return el.value;
  }

  function fields(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && el.type !== "hidden" && el.type !== "submit" && el.type !== "button";
    });
  }

  function key(el) {
    return el.type === "checkbox" || el.type === "radio" ? el.name + "=" + el.value : el.name;
  }

  // What the form held when it was sent.
  function remember(form) {
    var sent = {};
    fields(form).forEach(function (el) {
      sent[key(el)] = state(el);
    });
    form._sent = sent;
  }

  // The fields changed since the form was sent, and where the focus is in it.
  function changedSince(form) {
    var sent = form._sent;
    if (!sent) {
      return null;
    }
    var changed = fields(form).filter(function (el) {
      return key(el) in sent && sent[key(el)] !== state(el);
    });
    return changed.length ? changed : null;
  }

  function carry(changed, into) {
    changed.forEach(function (old) {
      var selector = "[name='" + CSS.escape(old.name) + "']";
      if (old.type === "checkbox" || old.type === "radio") {
        selector += "[value='" + CSS.escape(old.value) + "']";
      }
      var el = into.querySelector(selector);
      if (!el) {
        return;
      }
      if (old.type === "checkbox" || old.type === "radio") {
        el.checked = old.checked;
      } else if (old.type === "file") {
        try {
          el.files = old.files;
        } catch (e) {
          // a browser that cannot hand a file over: the person picks it again
        }
      } else {
        el.value = old.value;
      }
      el.setAttribute("data-carried", ""); // typed, not saved: leaving the page asks first
    });
  }

  document.addEventListener("htmx:beforeRequest", function (event) {
    var elt = event.detail.elt;
    if (isAddForm(elt)) {
      remember(elt);
    } else if (elt && elt.form && elt.name && elt.hasAttribute("hx-post")) {
      elt._sent = state(elt); // a field's check
    }
  });

  // A field's check answering after the person changed the field again is left out.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var elt = event.detail.elt;
    if (elt && elt.form && "_sent" in elt && elt._sent !== state(elt)) {
      event.detail.shouldSwap = false;
    }
  });

  // The add form's answer: its section comes out of band after a save (a fresh form), or as
  // the main swap after a failed one (the form with its errors). Either way the new form takes
  // what the person typed since sending.
  var pending = null; // {form, changed, typing}: the add form whose answer is being swapped in

  function isField(el) {
    return el && el.form && /^(INPUT|SELECT|TEXTAREA)$/.test(el.tagName) && el.type !== "submit";
  }

  function carryInto(section) {
    var changed = pending.changed;
    var typing = pending.typing;
    pending = null;
    if (!changed) {
      return;
    }
    carry(changed, section);
    // Someone typing in a field stays there (htmx puts the focus back on the field with the
    // same id): the fresh form's first field does not take it.
    if (typing) {
      Array.prototype.forEach.call(section.querySelectorAll("[autofocus]"), function (el) {
        el.removeAttribute("autofocus");
      });
    }
  }

  document.addEventListener("htmx:beforeSwap", function (event) {
    var elt = event.detail.elt;
    if (isAddForm(elt)) {
      var active = document.activeElement;
      pending = {
        form: elt,
        changed: changedSince(elt),
        typing: elt.contains(active) && isField(active),
      };
    }
  });

  function isAddSection(el) {
    return el && el.id && /^add-.+-section$/.test(el.id);
  }

  document.addEventListener("htmx:oobBeforeSwap", function (event) {
    var target = event.detail.target;
    var fragment = event.detail.fragment;
    if (!pending || !isAddSection(target) || !fragment || !target.contains(pending.form)) {
      return;
    }
    carryInto(fragment.querySelector("#" + CSS.escape(target.id)) || fragment);
  });

  // After a failed save, the fields changed since sending are checked again once the form is
  // live, so that their errors speak of what they hold now.
  var recheck = [];

  document.addEventListener("htmx:afterSwap", function (event) {
    if (pending && isAddSection(event.target) && !pending.form.isConnected) {
      var changed = pending.changed || [];
      carryInto(event.target);
      changed.forEach(function (old) {
        var el = event.target.querySelector("[name='" + CSS.escape(old.name) + "'][hx-post]");
        if (el && recheck.indexOf(el) < 0) {
          recheck.push(el);
        }
      });
    }
  });

  document.addEventListener("htmx:afterSettle", function () {
    var fields = recheck;
    recheck = [];
    fields.forEach(function (el) {
      if (el.isConnected && el !== document.activeElement) {
        htmx.trigger(el, "change");
      }
    });
  });

  document.addEventListener("htmx:load", function (event) {
    var elt = event.detail.elt;
    if (!elt || !elt.matches || !elt.matches(".row-editing")) {
      return;
    }
    var first = elt.querySelector("input:not([type=hidden]), select, textarea");
    if (first) {
      first.focus();
    }
  });
})();
