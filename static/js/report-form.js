// The report form: warn before leaving with unsaved changes. Served locally, no dependencies.
// (A save after the session expired is kept on the server side: see reporting/views.py.)
(function () {
  "use strict";
  var form = document.getElementById("report-form");
  if (!form) return;
  var dirty = false;
  form.addEventListener("input", function () { dirty = true; });
  form.addEventListener("change", function () { dirty = true; });
  form.addEventListener("submit", function (event) {
    dirty = false;
    // One click, one save: the buttons stay disabled while the request runs, so a double-click on
    // "Lưu và gửi báo cáo" sends the form once. A disabled button is not sent with the form, so the
    // clicked button's action travels in a hidden field instead.
    var clicked = event.submitter;
    if (clicked && clicked.name) {
      var carried = document.createElement("input");
      carried.type = "hidden";
      carried.name = clicked.name;
      carried.value = clicked.value;
      form.appendChild(carried);
    }
    form.setAttribute("aria-busy", "true");
    Array.prototype.forEach.call(form.querySelectorAll("button[type=submit]"), function (button) {
      button.disabled = true;
    });
  });
  // Back to this page from the browser's history: the buttons work again.
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) return;
    form.removeAttribute("aria-busy");
    Array.prototype.forEach.call(form.querySelectorAll("button[type=submit]"), function (button) {
      button.disabled = false;
    });
    Array.prototype.forEach.call(form.querySelectorAll("input[type=hidden][name=action]"), function (input) {
      input.remove();
    });
  });
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
