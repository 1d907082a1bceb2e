// The rater's form: the warning that the rating will not count appears as soon as the limit
// of "not enough information" answers is reached, and goes when it no longer is. The form shows
// one area at a time: data-others is how many of the other areas are answered that way. The
// server shows the same warning (and asks for the box on the last step) without JavaScript.
(function () {
  "use strict";
  var warning = document.getElementById("nei-warning");
  var form = document.getElementById("rating-form");
  if (!warning || !form) {
    return;
  }
  var limit = parseInt(warning.getAttribute("data-limit"), 10);
  var others = parseInt(warning.getAttribute("data-others"), 10) || 0;
  var value = warning.getAttribute("data-value");

  function update() {
    var here = form.querySelectorAll('input[type="radio"][value="' + value + '"]:checked').length;
    warning.hidden = others + here < limit;
  }

  form.addEventListener("change", update);
  update();
})();
