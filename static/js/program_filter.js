// The program's filters apply as soon as a track or type is chosen (the Apply button stays for
// the search box and for browsers without JavaScript): <form data-program-filter>.
(function () {
  "use strict";
  document.querySelectorAll("form[data-program-filter]").forEach(function (form) {
    form.querySelectorAll("select").forEach(function (select) {
      select.addEventListener("change", function () { form.requestSubmit(); });
    });
  });
})();
