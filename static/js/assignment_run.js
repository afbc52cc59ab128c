// An assignment run's page while it computes: <section data-run-poll="status URL">.
// Polls the JSON status, moves the progress bar, and reloads once the run is done or failed.
(function () {
  "use strict";
  const panel = document.querySelector("[data-run-poll]");
  if (!panel) return;
  const bar = panel.querySelector("[data-run-bar]");
  const stage = panel.querySelector("[data-run-stage]");
  const progress = panel.querySelector("[role=progressbar]");
  let delay = 700;

  function show(state) {
    const percent = Math.max(0, Math.min(100, state.progress)) + "%";
    bar.style.width = percent;
    bar.textContent = percent;
    progress.setAttribute("aria-valuenow", String(state.progress));
    if (state.stage) stage.textContent = state.stage;
  }

  function poll() {
    fetch(panel.dataset.runPoll, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error("status " + response.status);
        return response.json();
      })
      .then(function (state) {
        show(state);
        if (state.finished) {
          window.location.reload();
          return;
        }
        delay = Math.min(delay * 1.3, 3000);
        window.setTimeout(poll, delay);
      })
      .catch(function () {
        window.setTimeout(poll, 5000);
      });
  }

  window.setTimeout(poll, delay);
})();
