// The report form's own habits: more rows of directing documents, the focus on the first error. The
// unsaved-text guard and one-click saving are unsaved-guard.js (loaded with this script). Served
// locally, no dependencies. (A save after the session expired is kept on the server side: see
// reporting/views.py.)
(function () {
  "use strict";
  var form = document.getElementById("report-form");
  if (!form) return;
  // Directing documents: "Thêm dòng văn bản" copies the blank last row with the next number; without
  // scripts the form always ends with one blank row, and each save adds another.
  var addDocument = document.getElementById("add-document");
  var docTotal = document.getElementById("id_doc-total");
  var docBody = document.querySelector("#documents-table tbody");
  if (addDocument && docTotal && docBody) {
    addDocument.hidden = false;
    addDocument.addEventListener("click", function () {
      var rows = docBody.querySelectorAll("tr.document-row");
      var last = rows[rows.length - 1];
      var index = parseInt(docTotal.value, 10);
      var copy = last.cloneNode(true);
      copy.classList.remove("has-error");
      Array.prototype.forEach.call(copy.querySelectorAll(".field-error, .field-missing"), function (p) { p.remove(); });
      Array.prototype.forEach.call(copy.querySelectorAll("[name], [id], label[for]"), function (el) {
        ["name", "id", "for"].forEach(function (attr) {
          var value = el.getAttribute(attr);
          if (value) el.setAttribute(attr, value.replace(/doc-\d+-/, "doc-" + index + "-"));
        });
        if (el.name) { el.value = ""; el.removeAttribute("aria-invalid"); }
      });
      copy.querySelector("td").textContent = String(rows.length + 1);
      docBody.appendChild(copy);
      docTotal.value = String(index + 1);
      var first = copy.querySelector("input[type=text]");
      if (first) first.focus();
    });
  }
  // The first field with an error gets the focus, so the officer sees what to fix.
  var invalid = form.querySelector("[aria-invalid=true]");
  if (invalid) invalid.focus();
})();
