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
  document.addEventListener("submit", function (event) {
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

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-question-kind]").forEach(toggleChoiceOptions);
    tick();
    setInterval(tick, 30000);
    document.querySelectorAll("textarea[data-word-limit]").forEach(attachWordCounter);
  });
})();
