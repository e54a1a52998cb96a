// Small behaviours of the portal's pages, kept out of the HTML so the Content-Security-Policy
// can forbid inline script (script-src 'self').
(function () {
  "use strict";

  // <select data-auto-submit> submits its form on change; data-clear="id" first empties another
  // field (a filter that no longer applies, e.g. the period when the form changes).
  document.addEventListener("change", function (event) {
    var field = event.target;
    if (!field.matches || !field.matches("select[data-auto-submit]") || !field.form) {
      return;
    }
    var clear = field.getAttribute("data-clear");
    if (clear) {
      var other = document.getElementById(clear);
      if (other) {
        other.value = "";
      }
    }
    field.form.submit();
  });
})();
