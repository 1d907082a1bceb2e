// Follows a background file's progress without reloading the page. Without JavaScript the
// page offers a "Check again" link instead.
(function () {
  "use strict";
  var box = document.getElementById("job");
  if (!box || box.dataset.open !== "1") return;
  var bar = document.getElementById("job-progress");
  var percent = document.getElementById("job-percent");
  var state = document.getElementById("job-state");
  var download = document.getElementById("job-download");
  var again = document.getElementById("job-again");
  var lastStatus = null;

  function show(data) {
    bar.value = data.percent;
    bar.textContent = data.percent + " %";
    percent.textContent = data.percent + " %";
    if (data.status === "done") {
      state.textContent = box.dataset.readyText || "Your file is ready.";
      download.hidden = false;
      if (again) again.hidden = true;
      download.querySelector("a").focus();
    } else if (data.status === "failed") {
      state.textContent = (box.dataset.failedText || "The file could not be made.") + " " + data.message;
      if (again) again.hidden = true;
    } else if (data.status !== lastStatus) {
      // Announce changes of state only, not every percent.
      state.textContent = data.status_label + ".";
    }
    lastStatus = data.status;
    return data.status === "queued" || data.status === "running";
  }

  function poll() {
    fetch(box.dataset.statusUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (data) { if (show(data)) setTimeout(poll, 1500); })
      .catch(function () { setTimeout(poll, 5000); });
  }
  setTimeout(poll, 1000);
})();
