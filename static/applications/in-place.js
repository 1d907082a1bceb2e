// The workspace's in-place changes (htmx): where the keyboard focus goes after a swap.
// A failed save: the form's error summary. A row opened for change: its first field. Nothing
// here is needed without JavaScript (the same links and forms then load whole pages).
(function () {
  "use strict";
  document.addEventListener("htmx:load", function (event) {
    var elt = event.detail.elt;
    if (!elt || elt === document.body || !elt.querySelector) {
      return;
    }
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
