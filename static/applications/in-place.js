// The workspace's rows changed in place (htmx): a row opened for change puts the keyboard
// focus on its first field. (static/js/forms.js watches the forms htmx swaps in and moves the
// focus to a new error summary.) Without JavaScript the same link opens the change page.
(function () {
  "use strict";
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
