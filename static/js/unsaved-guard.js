// The unsaved-text guard shared by the forms that take long text (the report form, the consolidated
// report's draft): mark the form with data-unsaved-guard, and add data-unsaved="1" where a page shown
// after a refused save starts "unsaved". Served locally, no dependencies.
// - warn before leaving the page with text typed and not saved;
// - one click, one request: the submit buttons stay disabled while the request runs, so a double-click
//   sends the form once; a disabled button is not sent with the form, so the clicked button's name and
//   value travel in a hidden field instead;
// - back to the page from the browser's history: the buttons work again.
(function () {
  "use strict";
  function guard(form) {
    var dirty = form.getAttribute("data-unsaved") === "1";
    var buttons = function () { return form.querySelectorAll("button[type=submit]"); };
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
      Array.prototype.forEach.call(buttons(), function (button) { button.disabled = true; });
    });
    window.addEventListener("pageshow", function (event) {
      if (!event.persisted) return;
      form.removeAttribute("aria-busy");
      Array.prototype.forEach.call(buttons(), function (button) { button.disabled = false; });
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
  }
  Array.prototype.forEach.call(document.querySelectorAll("form[data-unsaved-guard]"), guard);
})();
