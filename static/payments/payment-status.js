// Checks whether Stripe has confirmed the payment (the webhook marks it paid) and says so.
(function () {
  "use strict";
  var box = document.getElementById("payment-status");
  if (!box) { return; }
  var url = box.getAttribute("data-status-url");
  var tries = 0;
  var maxTries = 100; // about five minutes at three seconds apart
  function check() {
    tries += 1;
    fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (data && data.paid) {
          box.querySelector("[data-pending]").hidden = true;
          box.querySelector("[data-paid]").hidden = false;
          return;
        }
        if (data && data.status !== "pending") { window.location.reload(); return; }
        if (tries < maxTries) { window.setTimeout(check, 3000); }
      })
      .catch(function () { if (tries < maxTries) { window.setTimeout(check, 5000); } });
  }
  window.setTimeout(check, 1500);
})();
