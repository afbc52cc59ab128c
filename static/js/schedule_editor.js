// The schedule editor's drag and drop (plain HTML5), on <div id="schedule-editor"
// data-move-url data-csrf>. Sessions from the side list and slots of the grid are dragged onto
// a grid cell (data-room, data-day, data-start) or, for sessions, onto a poster session
// (data-poster-session). Each change, and each resize form (form[data-editor-form]), is posted
// to the move URL; the server answers the editor's HTML again, warnings included, which
// replaces it. Without JavaScript the same forms post and redirect.
(function () {
  "use strict";
  let dragging = null;

  function editor() {
    return document.getElementById("schedule-editor");
  }

  function showError(text) {
    const box = editor().querySelector(".editor-message");
    const alert = document.createElement("div");
    alert.className = "alert alert-danger mb-3";
    alert.textContent = text;
    box.replaceChildren(alert);
  }

  function post(fields) {
    const root = editor();
    const body = new FormData();
    Object.keys(fields).forEach(function (name) {
      if (fields[name] !== undefined && fields[name] !== null) body.append(name, fields[name]);
    });
    const scroller = root.querySelector(".editor-grid-scroll");
    const left = scroller ? scroller.scrollLeft : 0;
    root.classList.add("is-saving");
    return fetch(root.dataset.moveUrl + window.location.search, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: {"X-CSRFToken": root.dataset.csrf, "X-Requested-With": "fetch"},
    }).then(function (response) {
      if ([200, 400, 409].indexOf(response.status) === -1) throw new Error(response.status);
      return response.text().then(function (html) {
        root.innerHTML = html;
        const again = root.querySelector(".editor-grid-scroll");
        if (again) again.scrollLeft = left;
      });
    }).catch(function () {
      showError("The change could not be saved. Reload the page and try again.");
    }).finally(function () {
      root.classList.remove("is-saving");
    });
  }

  function clearTargets() {
    document.querySelectorAll(".is-drop-target, .is-poster-target").forEach(function (el) {
      el.classList.remove("is-drop-target", "is-poster-target");
    });
  }

  document.addEventListener("dragstart", function (event) {
    const item = event.target.closest && event.target.closest("[data-submission], [data-slot]");
    if (!item || !item.closest("#schedule-editor") || item.getAttribute("draggable") !== "true") {
      return;
    }
    dragging = {
      element: item,
      slot: item.dataset.slot,
      submission: item.dataset.submission,
      revision: item.dataset.revision,
      allRooms: item.hasAttribute("data-all-rooms"),
      isSession: item.hasAttribute("data-submission") || item.hasAttribute("data-session"),
    };
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", item.dataset.title || "");
    // Changing the page under the pointer right away would cancel the drag in some browsers.
    window.setTimeout(function () {
      if (!dragging) return;
      item.classList.add("is-drag-source");
      editor().classList.add("is-dragging");
      if (dragging.isSession) editor().classList.add("is-dragging-session");
    }, 0);
  });

  document.addEventListener("dragend", function () {
    if (dragging) dragging.element.classList.remove("is-drag-source");
    dragging = null;
    clearTargets();
    const root = editor();
    if (root) root.classList.remove("is-dragging", "is-dragging-session");
  });

  function dropTarget(event) {
    if (!dragging || !event.target.closest) return null;
    const posters = event.target.closest("[data-poster-session]");
    if (posters && dragging.isSession && posters !== dragging.element) return posters;
    return event.target.closest(".grid-cell");
  }

  document.addEventListener("dragover", function (event) {
    const target = dropTarget(event);
    if (!target) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    if (!target.classList.contains("is-drop-target") && !target.classList.contains("is-poster-target")) {
      clearTargets();
      target.classList.add(target.matches(".grid-cell") ? "is-drop-target" : "is-poster-target");
    }
  });

  document.addEventListener("drop", function (event) {
    const target = dropTarget(event);
    if (!target) return;
    event.preventDefault();
    const fields = {slot: dragging.slot, submission: dragging.slot ? null : dragging.submission,
                    revision: dragging.revision};
    if (target.matches("[data-poster-session]")) {
      fields.poster_session = target.dataset.posterSession;
    } else {
      fields.day = target.dataset.day;
      fields.start = target.dataset.start;
      if (!dragging.allRooms) fields.room = target.dataset.room;
    }
    clearTargets();
    editor().classList.remove("is-dragging", "is-dragging-session");
    post(fields);
  });

  // Resize buttons (and any other editor form) post without leaving the page.
  document.addEventListener("submit", function (event) {
    const form = event.target;
    if (event.defaultPrevented || !form.matches("form[data-editor-form]")) return;
    event.preventDefault();
    const fields = {};
    new FormData(form).forEach(function (value, name) { fields[name] = value; });
    post(fields);
  });
})();
