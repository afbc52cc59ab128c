// Autosave of the proposal form: <form data-autosave-url="…">. Texts are saved a moment after
// typing stops (files only with the buttons); forms marked data-autosave-first (authors,
// resources) save the proposal before they leave the page, so no typing is lost.
(function () {
  "use strict";
  const DELAY_MS = 2000;

  function attach(form) {
    const status = form.querySelector(".autosave-status");
    const version = form.querySelector("input[name=version]");
    let timer = null;
    let dirty = false;
    let stopped = false;
    let saving = Promise.resolve();

    function show(text, kind) {
      status.textContent = text;
      status.dataset.state = kind;
    }

    function payload() {
      const data = new FormData();
      for (const [name, value] of new FormData(form)) {
        if (!(value instanceof File) && !name.endsWith("-clear")) data.append(name, value);
      }
      return data;
    }

    async function save() {
      if (!dirty || stopped) return;
      dirty = false;
      show("Saving…", "saving");
      let response;
      try {
        response = await fetch(form.dataset.autosaveUrl, {
          method: "POST", body: payload(), credentials: "same-origin",
          headers: {"X-Requested-With": "fetch"},
        });
      } catch (error) {
        dirty = true;
        show("Offline: not saved yet, we will retry.", "error");
        return;
      }
      const result = await response.json().catch(function () { return {}; });
      if (response.ok) {
        version.value = result.version;
        show("Draft saved at " + result.saved_at, "saved");
      } else if (response.status === 409) {
        stopped = true;
        show("Someone else changed " + result.fields.join(", ") +
             ". Press Save to see their text and merge.", "error");
      } else {
        stopped = response.status === 403 || response.status === 404;
        show(result.message || "Not saved: please press Save.", "error");
      }
    }

    function schedule() {
      dirty = true;
      clearTimeout(timer);
      timer = setTimeout(function () { saving = saving.then(save); }, DELAY_MS);
    }

    form.addEventListener("input", function (event) {
      if (event.target.type !== "file") schedule();
    });
    form.addEventListener("submit", function () { clearTimeout(timer); stopped = true; });

    document.querySelectorAll("form[data-autosave-first]").forEach(function (other) {
      other.addEventListener("submit", function (event) {
        if (other.dataset.autosaved || !dirty || stopped) return;
        event.preventDefault();
        clearTimeout(timer);
        saving = saving.then(save).then(function () {
          other.dataset.autosaved = "1";
          other.requestSubmit(event.submitter);
        });
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-autosave-url]").forEach(attach);
  });
})();
