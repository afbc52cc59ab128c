// The visitor's local time beside the event's: <span data-local-time> around one or two
// <time datetime="ISO-8601 with offset"> elements (a start, or a start and an end), or a <time>
// itself. Nothing is added where the visitor's offset at that moment equals the event's.
// The local weekday is added when it is another day there; data-local-time="short": times only.
(function () {
  "use strict";

  function offsetMinutes(iso) {
    if (/Z$/i.test(iso)) return 0;
    const match = /([+-])(\d\d):?(\d\d)$/.exec(iso);
    if (!match) return null;
    const minutes = parseInt(match[2], 10) * 60 + parseInt(match[3], 10);
    return match[1] === "-" ? -minutes : minutes;
  }

  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function clock(date) { return pad(date.getHours()) + ":" + pad(date.getMinutes()); }
  function localDay(date) {
    return date.getFullYear() + "-" + pad(date.getMonth() + 1) + "-" + pad(date.getDate());
  }

  const weekday = new Intl.DateTimeFormat(undefined, { weekday: "short" });
  let differs = false;

  document.querySelectorAll("[data-local-time]").forEach(function (holder) {
    const times = holder.matches("time[datetime]") ? [holder]
      : Array.prototype.slice.call(holder.querySelectorAll("time[datetime]"), 0, 2);
    if (times.length === 0) return;
    const iso = times[0].getAttribute("datetime");
    const start = new Date(iso);
    const offset = offsetMinutes(iso);
    if (Number.isNaN(start.getTime()) || offset === null) return;
    if (offset === -start.getTimezoneOffset()) return;
    differs = true;
    let text = times.map(function (el) { return clock(new Date(el.getAttribute("datetime"))); }).join("–");
    const mode = holder.dataset.localTime;
    if (mode !== "short" && localDay(start) !== iso.slice(0, 10)) {
      text = weekday.format(start) + " " + text;
    }
    const local = document.createElement("span");
    local.className = "local-time";
    local.textContent = mode === "short" ? text : text + " your time";
    local.title = "Your local time";
    holder.appendChild(local);
  });

  const note = document.querySelector("[data-local-zone-note]");
  if (note && differs) {
    let zone = "";
    try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (error) { zone = ""; }
    note.textContent = "Times are in the event's time zone; your local time" +
      (zone ? " (" + zone + ")" : "") + " is shown beside them.";
    note.hidden = false;
  }
})();
