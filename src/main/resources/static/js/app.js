// Small behaviours shared by every page. Pages work without scripts; these only add comfort.
(function () {
  'use strict';

  // htmx requests carry the CSRF token of the page, as forms do.
  document.addEventListener('htmx:configRequest', function (event) {
    var token = document.querySelector('meta[name="csrf-token"]');
    var header = document.querySelector('meta[name="csrf-header"]');
    if (token && header) event.detail.headers[header.content] = token.content;
  });

  // The operation switcher opens the chosen operation at once.
  document.addEventListener('change', function (event) {
    var select = event.target;
    if (select.id === 'operation-switch' && select.value) select.form.submit();
  });

  // Forms and links marked data-auto-submit send themselves when a field changes.
  document.addEventListener('change', function (event) {
    var form = event.target.closest && event.target.closest('form[data-auto-submit]');
    if (form) form.requestSubmit ? form.requestSubmit() : form.submit();
  });
})();
