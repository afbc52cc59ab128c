// Bidding list: a bid is saved as soon as it is picked, without reloading the page.
// Without this script each row's form posts and the page comes back with its filters.
(function () {
  "use strict";

  function setStatus(form, text, isError) {
    const status = form.querySelector(".bid-status");
    status.textContent = text;
    status.classList.toggle("text-danger", isError);
    status.classList.toggle("text-success", !isError && text !== "");
  }

  function moveCount(from, to) {
    const change = (key, delta) => {
      const counter = document.querySelector(`[data-count="${key}"]`);
      if (counter) counter.textContent = String(Number(counter.textContent) + delta);
    };
    if (from === to) return;
    change(from, -1);
    change(to, 1);
  }

  function restore(form) {
    const current = form.dataset.current;
    form.querySelectorAll('input[name="preference"]').forEach((input) => {
      input.checked = input.value === current;
    });
  }

  async function save(form, preference) {
    const body = new FormData(form);
    body.delete("clear");
    body.set("preference", preference);
    setStatus(form, "Saving…", false);
    let response;
    try {
      response = await fetch(form.action, {
        method: "POST",
        body: body,
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
    } catch (error) {
      restore(form);
      setStatus(form, "Not saved: no connection. Try again.", true);
      return;
    }
    const data = await response.json().catch(() => ({}));
    if (!response.ok) {
      restore(form);
      setStatus(form, data.error || `Not saved (error ${response.status}).`, true);
      return;
    }
    moveCount(form.dataset.current, data.preference);
    form.dataset.current = data.preference;
    restore(form);
    form.querySelector(".bid-clear").classList.toggle("d-none", data.preference === "");
    setStatus(form, data.preference === "" ? "Bid cleared" : "Saved", false);
  }

  document.addEventListener("DOMContentLoaded", () => {
    const forms = document.querySelectorAll("[data-bid-form]");
    if (!forms.length) return;
    document.body.classList.add("js-bidding");
    forms.forEach((form) => {
      form.addEventListener("change", (event) => {
        if (event.target.name === "preference") save(form, event.target.value);
      });
      form.addEventListener("submit", (event) => {
        event.preventDefault();
        const clear = event.submitter && event.submitter.name === "clear";
        const checked = form.querySelector('input[name="preference"]:checked');
        save(form, clear || !checked ? "" : checked.value);
      });
    });
  });
})();
