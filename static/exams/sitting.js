// The exam sitting: a countdown kept in step with the server's clock, and each answer saved as
// it is given. The server decides: it refuses answers after the deadline and hands the part in.
// Without JavaScript the page's buttons save and navigate, and the time left is shown on load.
(function () {
  "use strict";
  var clock = document.getElementById("exam-clock");
  if (!clock || !window.fetch || !window.FormData) {
    return;
  }
  var ticks = document.getElementById("clock-ticks");
  var minutesText = document.getElementById("clock-minutes");
  var announce = document.getElementById("clock-announce");
  var saveStatus = document.getElementById("save-status");
  var deadline = Date.now() + parseInt(clock.getAttribute("data-seconds-left"), 10) * 1000;
  var announced = {};
  var lastMinutes = null;
  var finished = false;
  // The words come from the page (data-t-* on the clock, in the reader's language); "{n}" is
  // the number of minutes.
  function t(name, fallback, n) {
    var text = clock.getAttribute("data-t-" + name) || fallback;
    return n === undefined ? text : text.replace("{n}", n);
  }

  function secondsLeft() {
    return Math.max(0, Math.round((deadline - Date.now()) / 1000));
  }

  function minutesLabel(m) {
    return m === 1 ? t("about-one", "about 1 minute") : t("about-n", "about {n} minutes", m);
  }

  function tick() {
    var left = secondsLeft();
    var m = Math.floor(left / 60);
    var s = left % 60;
    ticks.textContent = m + ":" + (s < 10 ? "0" : "") + s;
    var rounded = Math.ceil(left / 60);
    if (rounded !== lastMinutes) {
      // Read on demand by a screen reader; changes once a minute, never announced by itself.
      minutesText.textContent = minutesLabel(rounded);
      lastMinutes = rounded;
    }
    [10, 5, 1].forEach(function (mark) {
      if (left <= mark * 60 && left > (mark - 1) * 60 && !announced[mark]) {
        announced[mark] = true;
        announce.textContent =
          mark === 1 ? t("one-left", "One minute left.") : t("n-left", "{n} minutes left.", mark);
      }
    });
    if (left === 0 && !finished) {
      finished = true;
      announce.textContent = t("time-up", "Time is up. Your answers are being handed in.");
      flush().then(function () {
        window.location.assign(clock.getAttribute("data-sitting-url"));
      });
    }
  }

  function sync() {
    fetch(clock.getAttribute("data-clock-url"), { credentials: "same-origin" })
      .then(function (r) {
        return r.json();
      })
      .then(function (body) {
        if (body.status !== "in_progress") {
          window.location.assign(clock.getAttribute("data-sitting-url"));
          return;
        }
        deadline = Date.now() + body.seconds_left * 1000;
      })
      .catch(function () {});
  }

  // --- Saving: a queue that keeps unsent answers until the server has them. ---------------
  var queue = [];
  var sending = false;

  function csrf(form) {
    return form.querySelector("[name=csrfmiddlewaretoken]").value;
  }

  function send(entry) {
    var data = new FormData();
    Object.keys(entry.fields).forEach(function (k) {
      data.append(k, entry.fields[k]);
    });
    data.append("csrfmiddlewaretoken", entry.csrf);
    return fetch(entry.url, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "X-Exam-Autosave": "1" },
    }).then(function (response) {
      return response.json().then(function (body) {
        return { status: response.status, body: body };
      });
    });
  }

  function pump() {
    if (sending || !queue.length) {
      return Promise.resolve();
    }
    sending = true;
    var entry = queue[0];
    return send(entry)
      .then(function (result) {
        sending = false;
        queue.shift();
        if (result.status === 409) {
          saveStatus.textContent = result.body.error;
          queue = [];
          window.location.assign(clock.getAttribute("data-sitting-url"));
          return;
        }
        if (result.body.saved) {
          saveStatus.textContent = t("saved", "Saved.");
          deadline = Date.now() + result.body.seconds_left * 1000;
        } else {
          saveStatus.textContent = result.body.error || t("not-saved", "Not saved.");
        }
        return pump();
      })
      .catch(function () {
        sending = false;
        saveStatus.textContent = t("offline", "Not saved yet: no connection. Trying again…");
        setTimeout(pump, 3000);
      });
  }

  function flush() {
    return pump();
  }

  function save(form, fields) {
    // A newer value for the same question or vignette replaces one still waiting.
    var key = fields.q ? "q" + fields.q + (fields.choice !== undefined ? "c" : "f") : "v" + fields.vignette;
    queue = queue.filter(function (e) {
      return e.key !== key || e === queue[0];
    });
    queue.push({ key: key, url: form.getAttribute("action"), csrf: csrf(form), fields: fields });
    saveStatus.textContent = t("saving", "Saving…");
    pump();
  }

  var answerForm = document.getElementById("answer-form");
  if (answerForm) {
    var q = answerForm.querySelector("[name=q]").value;
    answerForm.querySelectorAll("input[name=choice]").forEach(function (radio) {
      radio.addEventListener("change", function () {
        save(answerForm, { q: q, choice: radio.value });
      });
    });
    var flag = document.getElementById("flagged");
    flag.addEventListener("change", function () {
      save(answerForm, { q: q, flagged: flag.checked ? "1" : "0" });
    });
  }

  var essayForms = [];
  document.querySelectorAll("form.essay-form").forEach(function (form) {
    var area = form.querySelector("textarea");
    var vignette = form.querySelector("[name=vignette]").value;
    var timer = null;
    var last = area.defaultValue; // what the server has saved
    function saveIfChanged() {
      clearTimeout(timer);
      if (area.value !== last) {
        last = area.value;
        save(form, { vignette: vignette, text: area.value });
      }
    }
    area.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(saveIfChanged, 1000);
    });
    // Typed while this script was still loading: saved like any other typing.
    if (area.value !== last) {
      timer = setTimeout(saveIfChanged, 1000);
    }
    area.addEventListener("blur", saveIfChanged);
    essayForms.push(saveIfChanged);
  });

  // Handing in waits for the answers still being saved, so that none is left behind.
  var submitForm = document.getElementById("submit-form");
  if (submitForm) {
    submitForm.addEventListener("submit", function (event) {
      essayForms.forEach(function (saveIfChanged) {
        saveIfChanged();
      });
      if (sending || queue.length) {
        event.preventDefault();
        saveStatus.textContent = t("flushing", "Saving your last answers before handing in…");
        var wait = setInterval(function () {
          if (!sending && !queue.length) {
            clearInterval(wait);
            submitForm.submit();
          }
        }, 200);
      }
    });
  }

  tick();
  setInterval(tick, 1000);
  setInterval(sync, 30000);
  window.addEventListener("online", pump);
})();
