// Saves the rater's draft a few seconds after the last change, so that closing the page loses
// nothing. "Save and continue" and "Save draft" do the same without JavaScript. Only the fields
// of the step shown are posted: the server keeps the other steps' answers. The messages come
// from the server (in the rater's language) or from the status element's data attributes.
(function () {
  "use strict";
  var form = document.getElementById("rating-form");
  var status = document.getElementById("autosave-status");
  if (!form || !window.fetch || !window.FormData) {
    return;
  }
  var timer = null;
  var dirty = false;

  function save() {
    if (!dirty) {
      return;
    }
    dirty = false;
    var data = new FormData(form);
    data.set("action", "save");
    fetch(form.getAttribute("data-autosave"), {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "X-Autosave": "1" },
    })
      .then(function (response) {
        return response.json().then(function (body) {
          if (response.ok && body.saved) {
            form.dispatchEvent(new CustomEvent("easy:saved"));
            status.textContent = body.message;
          } else {
            status.textContent = body.error || status.getAttribute("data-failed");
          }
        });
      })
      .catch(function () {
        dirty = true;
        status.textContent = status.getAttribute("data-offline");
      });
  }

  function changed() {
    dirty = true;
    window.clearTimeout(timer);
    timer = window.setTimeout(save, 3000);
  }

  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  form.addEventListener("submit", function () {
    window.clearTimeout(timer);
    dirty = false;
  });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") {
      window.clearTimeout(timer);
      save();
    }
  });
})();
