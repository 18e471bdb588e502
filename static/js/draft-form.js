// The consolidated report's draft: warn before leaving with unsaved text; one click, one request (the
// clicked button's name travels in a hidden field, since a disabled button is not sent). The same habits
// as report-form.js; a page shown after a refused save starts "unsaved" (data-unsaved="1").
(function () {
  "use strict";
  var form = document.getElementById("draft-form");
  if (!form) return;
  var dirty = form.getAttribute("data-unsaved") === "1";
  form.addEventListener("input", function () { dirty = true; });
  form.addEventListener("change", function () { dirty = true; });
  form.addEventListener("submit", function (event) {
    dirty = false;
    var clicked = event.submitter;
    if (clicked && clicked.name) {
      var carried = document.createElement("input");
      carried.type = "hidden";
      carried.name = clicked.name;
      carried.value = clicked.value;
      carried.setAttribute("data-carried", "1");
      form.appendChild(carried);
    }
    form.setAttribute("aria-busy", "true");
    Array.prototype.forEach.call(form.querySelectorAll("button[type=submit]"), function (button) {
      button.disabled = true;
    });
  });
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) return;
    form.removeAttribute("aria-busy");
    Array.prototype.forEach.call(form.querySelectorAll("button[type=submit]"), function (button) {
      button.disabled = false;
    });
    Array.prototype.forEach.call(form.querySelectorAll("input[data-carried]"), function (input) {
      input.remove();
    });
  });
  window.addEventListener("beforeunload", function (event) {
    if (!dirty) return undefined;
    event.preventDefault();
    event.returnValue = "";
    return "";
  });
})();
