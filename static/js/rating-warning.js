// The rater's form: the warning that the rating will not count appears as soon as the limit
// of "not enough information" answers is reached, and goes when it no longer is. The server
// shows the same warning (and asks for the box) without JavaScript.
(function () {
  "use strict";
  var warning = document.getElementById("nei-warning");
  var form = document.getElementById("rating-form");
  if (!warning || !form) {
    return;
  }
  var limit = parseInt(warning.getAttribute("data-limit"), 10);
  var value = warning.getAttribute("data-value");

  function update() {
    var count = form.querySelectorAll('input[type="radio"][value="' + value + '"]:checked').length;
    warning.hidden = count < limit;
  }

  form.addEventListener("change", update);
  update();
})();
