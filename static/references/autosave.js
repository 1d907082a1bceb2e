// Saves the rater's draft a few seconds after the last change, so that closing the page loses
// nothing. The "Save draft" button does the same without JavaScript.
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
            status.textContent = "Draft saved at " + body.at + ".";
          } else {
            status.textContent = body.error || "The draft could not be saved. Use “Save draft”.";
          }
        });
      })
      .catch(function () {
        dirty = true;
        status.textContent = "No connection: the draft will be saved when you are back online.";
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
