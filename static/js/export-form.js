// The export form sends one request: its button is disabled as soon as it is pressed, so a second click
// while the page is on its way to the job page asks for nothing more (the server also answers a repeat
// with the job already under way).
(function () {
  "use strict";
  var form = document.querySelector("form[method=post]");
  if (!form) return;
  form.addEventListener("submit", function () {
    var button = form.querySelector("button[type=submit]");
    if (!button || button.disabled) return;
    window.setTimeout(function () {  // after the browser has taken the form's fields
      button.disabled = true;
      if (button.dataset.busyLabel) button.textContent = button.dataset.busyLabel;
    }, 0);
  });
})();
