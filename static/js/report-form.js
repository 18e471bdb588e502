// The report form: warn before leaving with unsaved changes. Served locally, no dependencies.
// (A save after the session expired is kept on the server side: see reporting/views.py.)
(function () {
  "use strict";
  var form = document.getElementById("report-form");
  if (!form) return;
  var dirty = false;
  form.addEventListener("input", function () { dirty = true; });
  form.addEventListener("change", function () { dirty = true; });
  form.addEventListener("submit", function () { dirty = false; });
  window.addEventListener("beforeunload", function (event) {
    if (!dirty) return undefined;
    event.preventDefault();
    event.returnValue = "";
    return "";
  });
  // The first field with an error gets the focus, so the officer sees what to fix.
  var invalid = form.querySelector("[aria-invalid=true]");
  if (invalid) invalid.focus();
})();
