// Live countdowns for deadlines: <span data-countdown="ISO-8601 instant">.
(function () {
  "use strict";
  const units = [["day", 86400], ["hour", 3600], ["minute", 60]];

  function describe(seconds) {
    const parts = [];
    let rest = Math.abs(seconds);
    for (const [name, size] of units) {
      const n = Math.floor(rest / size);
      if (n > 0 || (name === "minute" && parts.length === 0)) {
        parts.push(n + " " + name + (n === 1 ? "" : "s"));
      }
      rest -= n * size;
      if (parts.length === 2) break;
    }
    return parts.join(", ");
  }

  function tick() {
    const now = Date.now();
    document.querySelectorAll("[data-countdown]").forEach(function (el) {
      const due = Date.parse(el.dataset.countdown);
      if (Number.isNaN(due)) return;
      const seconds = Math.round((due - now) / 1000);
      const recent = seconds > -7 * 86400;
      const text = seconds > 0 ? "in " + describe(seconds)
        : recent ? "passed " + describe(seconds) + " ago" : "passed";
      if (el.textContent.trim() !== text) el.textContent = text;
    });
  }

  // Live word counts: <textarea data-word-limit="100">.
  function countWords(text) {
    const words = text.trim().split(/\s+/);
    return words[0] === "" ? 0 : words.length;
  }

  function attachWordCounter(area) {
    const limit = parseInt(area.dataset.wordLimit, 10);
    const counter = document.createElement("div");
    counter.className = "word-count";
    counter.setAttribute("aria-live", "polite");
    area.insertAdjacentElement("afterend", counter);
    const update = function () {
      const n = countWords(area.value);
      counter.textContent = n + " / " + limit + " words" + (n > limit ? " — please shorten it" : "");
      counter.classList.toggle("over", n > limit);
    };
    area.addEventListener("input", update);
    update();
  }

  // Question forms: the options field only for choice questions (<select data-question-kind>).
  function toggleChoiceOptions(kind) {
    const options = kind.form.querySelector("[data-choice-options]").closest(".mb-3");
    const toggle = function () { options.hidden = kind.value !== "choice"; };
    kind.addEventListener("change", toggle);
    toggle();
  }

  // Confirmations without inline handlers (CSP): <form data-confirm="…"> or <button data-confirm="…">.
  // A form that another handler held back (autosave first) asks when it is submitted again.
  document.addEventListener("submit", function (event) {
    if (event.defaultPrevented) return;
    const form = event.target;
    const button = event.submitter;
    const message = (button && button.dataset.confirm) || form.dataset.confirm;
    if (message && !window.confirm(message)) event.preventDefault();
  });

  // "Select all" boxes: <input type="checkbox" data-check-all="CSS selector of the boxes">.
  document.addEventListener("change", function (event) {
    const all = event.target.closest("[data-check-all]");
    if (!all) return;
    document.querySelectorAll(all.dataset.checkAll).forEach(function (box) {
      box.checked = all.checked;
    });
  });

  // Read-only fields whose text is there to be copied: <input readonly data-select-on-focus>.
  document.addEventListener("focusin", function (event) {
    if (event.target.matches("[data-select-on-focus]")) event.target.select();
  });

  // Copy buttons: <button data-copy-from="id of the field"><span>Copy</span></button>.
  document.addEventListener("click", function (event) {
    const button = event.target.closest("[data-copy-from]");
    if (!button) return;
    const field = document.getElementById(button.dataset.copyFrom);
    const done = function () { button.querySelector("span").textContent = "Copied"; };
    field.select();
    if (navigator.clipboard) {
      navigator.clipboard.writeText(field.value).then(done, function () {
        if (document.execCommand("copy")) done();
      });
    } else if (document.execCommand("copy")) {
      done();
    }
  });

  // Forms whose parts depend on a radio choice: <form data-extension-form> with parts marked
  // data-kind="values…" show only for those values of input[name=kind]; without JS all show.
  function showPartsForKind(form) {
    const update = function () {
      const checked = form.querySelector("input[name=kind]:checked");
      form.querySelectorAll("[data-kind]").forEach(function (part) {
        part.hidden = checked !== null && !part.dataset.kind.split(" ").includes(checked.value);
      });
    };
    form.addEventListener("change", update);
    update();
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-extension-form]").forEach(showPartsForKind);
    // Code and email texts that scroll can be scrolled with the keyboard too.
    document.querySelectorAll("pre").forEach(function (pre) {
      if (pre.scrollWidth > pre.clientWidth || pre.scrollHeight > pre.clientHeight) pre.tabIndex = 0;
    });
    // Phones scroll each row of organizer tabs sideways: bring the current tab into view.
    document.querySelectorAll(".manage-tabs").forEach(function (tabs) {
      const active = tabs.querySelector(".nav-link.active");
      if (active && tabs.scrollWidth > tabs.clientWidth) {
        const offset = active.getBoundingClientRect().left - tabs.getBoundingClientRect().left;
        tabs.scrollLeft += offset - (tabs.clientWidth - active.offsetWidth) / 2;
      }
    });
    document.querySelectorAll("[data-question-kind]").forEach(toggleChoiceOptions);
    tick();
    setInterval(tick, 30000);
    document.querySelectorAll("textarea[data-word-limit]").forEach(attachWordCounter);
  });
})();
