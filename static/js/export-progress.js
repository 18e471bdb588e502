// The export job page follows its job without reloading itself. A timed reload (meta refresh) throws
// the reader back to the top of the page every few seconds and cannot be paused (WCAG 2.2.1), so the
// page fetches itself instead, swaps in the part that changes and announces the new status once.
(function () {
  "use strict";
  var progress = document.getElementById("export-progress");
  var announce = document.getElementById("export-announce");
  if (!progress || progress.dataset.finished === "1") return;
  var DELAY = 3000;

  function statusOf(root) {
    var status = root.querySelector("#export-status");
    return status ? status.dataset.status : "";
  }

  function poll() {
    fetch(window.location.href, { credentials: "same-origin", cache: "no-store" })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.text();
      })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("export-progress");
        if (!fresh) throw new Error("no progress block");
        var before = statusOf(progress);
        progress.innerHTML = fresh.innerHTML;
        progress.dataset.finished = fresh.dataset.finished;
        if (announce && statusOf(progress) !== before) {
          announce.textContent = progress.querySelector("#export-status").textContent;
        }
        if (fresh.dataset.finished !== "1") window.setTimeout(poll, DELAY);
      })
      .catch(function () { window.setTimeout(poll, DELAY * 4); });  // the server is busy or away: try again later
  }

  window.setTimeout(poll, DELAY);
})();
