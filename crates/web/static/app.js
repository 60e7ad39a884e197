// Atiende — the little JavaScript the pages need: live SLA countdowns and partial refresh.
// Pages work without it; it only keeps numbers moving between server renders.
(function () {
  "use strict";

  // "3 h 05 min", "2 d 4 h", "−12 min": the same format the server renders.
  function fmt(seconds) {
    var sign = seconds < 0 ? "\u2212" : "";
    var s = Math.abs(seconds);
    var d = Math.floor(s / 86400), h = Math.floor((s % 86400) / 3600), m = Math.floor((s % 3600) / 60);
    if (d > 0) return sign + d + " d " + h + " h";
    if (h > 0) return sign + h + " h " + (m < 10 ? "0" : "") + m + " min";
    return sign + m + " min";
  }

  // <span class="countdown" data-remaining="secs" data-running="true|false"
  //       data-target="secs" data-warn="75" data-state="ok|warning|breached|met">
  // counts down only while the SLA clock runs (not paused, inside business hours).
  var loadedAt = Date.now();
  function tick() {
    var elapsed = Math.floor((Date.now() - loadedAt) / 1000);
    document.querySelectorAll(".countdown").forEach(function (el) {
      var remaining = parseInt(el.dataset.remaining, 10);
      if (isNaN(remaining)) return;
      if (el.dataset.running === "true") remaining -= elapsed;
      el.textContent = fmt(remaining);
      var state = el.dataset.state;
      if (state === "ok" || state === "warning") {
        var target = parseInt(el.dataset.target, 10), warn = parseInt(el.dataset.warn || "75", 10);
        if (remaining < 0) state = "breached";
        else if (target > 0 && (target - remaining) * 100 >= warn * target) state = "warning";
        var badge = el.closest(".badge");
        if (badge && !badge.classList.contains("sla-paused")) {
          badge.classList.remove("sla-ok", "sla-warning", "sla-breached");
          badge.classList.add("sla-" + state);
          // data-label-warning / data-label-breached: the state's words in the page's language.
          var label = badge.querySelector(".sla-label");
          var words = el.dataset["label" + state.charAt(0).toUpperCase() + state.slice(1)];
          if (label && words) label.textContent = words;
        }
      }
    });
  }

  // <div data-refresh="30"> re-renders itself from the server every N seconds.
  function refresh(el) {
    var every = parseInt(el.dataset.refresh, 10) * 1000;
    setInterval(function () {
      if (document.hidden) return;
      fetch(window.location.href, { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.text() : null; })
        .then(function (html) {
          if (!html) return;
          var doc = new DOMParser().parseFromString(html, "text/html");
          var fresh = el.id && doc.getElementById(el.id);
          if (fresh) { el.innerHTML = fresh.innerHTML; loadedAt = Date.now(); tick(); }
        })
        .catch(function () {});
    }, every);
  }

  // <select data-canned-into="textarea-id"> inserts a saved reply (placeholders already filled).
  function canned(sel) {
    sel.addEventListener("change", function () {
      var target = document.getElementById(sel.dataset.cannedInto);
      var opt = sel.options[sel.selectedIndex];
      if (target && opt && opt.dataset.body) {
        target.value = (target.value ? target.value + "\n\n" : "") + opt.dataset.body;
        target.focus();
      }
      sel.selectedIndex = 0;
    });
  }

  // <form data-autosubmit>: a changed <select> applies the form at once (the submit button
  // is only for pages without JavaScript, hidden through the `js` class).
  function autosubmit(form) {
    form.addEventListener("change", function (ev) {
      if (ev.target && ev.target.tagName === "SELECT") form.submit();
    });
  }

  // <form data-confirm="question">: asks before a destructive submit.
  function confirmSubmit(form) {
    form.addEventListener("submit", function (ev) {
      if (!window.confirm(form.dataset.confirm)) ev.preventDefault();
    });
  }

  document.documentElement.classList.add("js");
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-autosubmit]").forEach(autosubmit);
    document.querySelectorAll("form[data-confirm]").forEach(confirmSubmit);
    tick();
    setInterval(tick, 1000);
    document.querySelectorAll("[data-refresh]").forEach(refresh);
    document.querySelectorAll("[data-canned-into]").forEach(canned);
  });
})();

// ===== Portal (client admin) — new-ticket form =====
// <select data-campus-targets>: each <option> carries its plan (data-plan), business hours
// (data-hours, empty for 24×7) and each priority's resolution time (data-target-<priority>).
// Changing campus shows that campus's times in place: no reload, so nothing typed or chosen
// (files included) is lost. Without JavaScript the page lists every campus's times instead.
(function () {
  "use strict";

  function campusTargets(sel) {
    function apply() {
      var opt = sel.options[sel.selectedIndex];
      if (!opt) return;
      var form = sel.form || document;
      form.querySelectorAll("[data-priority]").forEach(function (label) {
        var target = label.querySelector(".target");
        var time = opt.getAttribute("data-target-" + label.dataset.priority);
        if (target && time) target.textContent = time;
      });
      var plan = document.getElementById("plan-name");
      if (plan) plan.textContent = opt.dataset.plan || "";
      var hours = document.getElementById("plan-hours");
      var line = document.getElementById("plan-hours-line");
      if (hours && line) {
        hours.textContent = opt.dataset.hours || "";
        line.hidden = !opt.dataset.hours;
      }
    }
    sel.addEventListener("change", apply);
    // A page restored from the history may come back with another campus selected.
    apply();
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("select[data-campus-targets]").forEach(campusTargets);
  });
})();
// ===== end portal =====
