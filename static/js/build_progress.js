// The proceedings page while a build runs: <section data-build-poll="progress URL">.
// Polls the JSON progress, moves the bar and its label, and reloads once the build finished.
// Without JavaScript the page reloads itself (a <noscript> refresh).
(function () {
  "use strict";
  const panel = document.querySelector("[data-build-poll]");
  if (!panel) return;
  const bar = panel.querySelector("[data-build-bar]");
  const label = panel.querySelector("[data-build-label]");
  let delay = 700;

  function show(state) {
    bar.max = Math.max(1, state.total);
    bar.value = state.done;
    label.textContent = state.label;
  }

  function poll() {
    fetch(panel.dataset.buildPoll, { headers: { Accept: "application/json" }, credentials: "same-origin" })
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
        delay = Math.min(delay * 1.2, 2000);
        window.setTimeout(poll, delay);
      })
      .catch(function () {
        window.setTimeout(poll, 5000);
      });
  }

  window.setTimeout(poll, delay);
})();
