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

// ===== Knowledge base =====
// Portal, new-ticket form: <div data-kb-suggest="subject-input-id"> shows the articles that
// match the subject while it is typed (debounced; the region is aria-live, so a screen reader
// hears the suggestions arrive). Each suggestion opens its article or records "esto resolvió
// mi consulta" (a real form: it works from the keyboard, and posts without leaving the page).
// Console, reply box: <details data-kb-insert="textarea-id"> searches articles and inserts the
// chosen one's portal link into the reply. Without JavaScript both fall back to plain links.
(function () {
  "use strict";

  function excerpt(segments) {
    var p = document.createElement("p");
    p.className = "excerpt";
    (segments || []).forEach(function (s) {
      if (s.hit) {
        var m = document.createElement("mark");
        m.textContent = s.text;
        p.appendChild(m);
      } else {
        p.appendChild(document.createTextNode(s.text));
      }
    });
    return p;
  }

  function debounce(fn, ms) {
    var t;
    return function () {
      clearTimeout(t);
      t = setTimeout(fn, ms);
    };
  }

  function suggest(box) {
    var input = document.getElementById(box.dataset.kbSuggest);
    var out = box.querySelector("[aria-live]");
    if (!input || !out) return;
    var last = null;
    function show(items) {
      out.textContent = "";
      if (!items.length) return;
      var h = document.createElement("h2");
      h.className = "kb-suggest-heading";
      h.textContent = box.dataset.heading;
      out.appendChild(h);
      var ul = document.createElement("ul");
      ul.className = "kb-results";
      items.forEach(function (a) {
        var li = document.createElement("li");
        li.dataset.article = a.slug;
        var link = document.createElement("a");
        link.href = a.portal_url + "?q=" + encodeURIComponent(input.value);
        link.textContent = a.title;
        link.target = "_blank";
        link.rel = "noopener";
        li.appendChild(link);
        if (a.excerpt) li.appendChild(excerpt(a.excerpt));
        var form = document.createElement("form");
        form.method = "post";
        form.action = a.portal_url + "/resolved";
        form.className = "inline";
        [["_csrf", box.dataset.csrf], ["query", input.value]].forEach(function (kv) {
          var i = document.createElement("input");
          i.type = "hidden";
          i.name = kv[0];
          i.value = kv[1];
          form.appendChild(i);
        });
        var b = document.createElement("button");
        b.type = "submit";
        b.className = "small kb-resolved";
        b.textContent = box.dataset.resolvedLabel;
        form.appendChild(b);
        form.addEventListener("submit", function (ev) {
          ev.preventDefault();
          fetch(form.action, {
            method: "POST",
            credentials: "same-origin",
            headers: { "Content-Type": "application/x-www-form-urlencoded" },
            body: new URLSearchParams(new FormData(form)).toString()
          }).then(function (r) {
            if (!r.ok) { form.submit(); return; }
            var done = document.createElement("p");
            done.className = "flash ok kb-deflected";
            done.setAttribute("role", "status");
            done.textContent = box.dataset.resolvedDone;
            form.replaceWith(done);
          }).catch(function () { form.submit(); });
        });
        li.appendChild(form);
        ul.appendChild(li);
      });
      out.appendChild(ul);
    }
    var run = debounce(function () {
      var q = input.value.trim();
      if (q === last) return;
      last = q;
      if (q.length < 3) { show([]); return; }
      fetch("/portal/kb/suggest?q=" + encodeURIComponent(q), { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : []; })
        .then(function (items) { if (input.value.trim() === q) show(items); })
        .catch(function () {});
    }, 300);
    input.addEventListener("input", run);
    if (input.value) run();
  }

  function insertLink(box) {
    var target = document.getElementById(box.dataset.kbInsert);
    var input = box.querySelector("input[type=search]");
    var out = box.querySelector("[aria-live]");
    if (!target || !input || !out) return;
    var run = debounce(function () {
      var q = input.value.trim();
      fetch("/console/kb/suggest?q=" + encodeURIComponent(q), { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : []; })
        .then(function (items) {
          out.textContent = "";
          var ul = document.createElement("ul");
          ul.className = "kb-results";
          items.forEach(function (a) {
            var li = document.createElement("li");
            var b = document.createElement("button");
            b.type = "button";
            b.className = "link kb-insert";
            b.textContent = a.title;
            b.addEventListener("click", function () {
              var url = window.location.origin + a.portal_url;
              target.value = (target.value ? target.value.replace(/\s*$/, "") + "\n\n" : "") + a.title + ": " + url;
              target.focus();
              box.open = false;
            });
            li.appendChild(b);
            ul.appendChild(li);
          });
          out.appendChild(ul);
        })
        .catch(function () {});
    }, 250);
    input.addEventListener("input", run);
    input.addEventListener("keydown", function (ev) { if (ev.key === "Enter") { ev.preventDefault(); run(); } });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-kb-suggest]").forEach(suggest);
    document.querySelectorAll("[data-kb-insert]").forEach(insertLink);
  });
})();
// ===== end knowledge base =====
