// Small behaviours shared by every page. Pages work without scripts; these only add comfort.
(function () {
  'use strict';

  // htmx requests carry the CSRF token of the page, as forms do.
  document.addEventListener('htmx:configRequest', function (event) {
    var token = document.querySelector('meta[name="csrf-token"]');
    var header = document.querySelector('meta[name="csrf-header"]');
    if (token && header) event.detail.headers[header.content] = token.content;
  });

  // A select changed with the arrow keys fires "change" at every step (Chromium and Firefox both):
  // sending the form then would load a new page at the first key press. So a change made from the
  // keyboard waits for Enter (or the form's own button); a change made with the mouse or touch
  // sends at once.
  var keyboardSelect = null;
  document.addEventListener('keydown', function (event) {
    var select = event.target;
    if (select.tagName !== 'SELECT') return;
    if (event.key === 'Enter' && keyboardSelect === select) {
      event.preventDefault();
      keyboardSelect = null;
      send(select);
    } else if (event.key !== 'Tab' && event.key !== 'Enter') {
      keyboardSelect = select;
    }
  });
  document.addEventListener('mousedown', function () { keyboardSelect = null; });
  document.addEventListener('touchstart', function () { keyboardSelect = null; });

  function autoSubmitting(select) {
    return select.id === 'operation-switch' ||
      (select.closest && select.closest('form[data-auto-submit]') !== null);
  }
  function send(select) {
    if (!autoSubmitting(select) || (select.id === 'operation-switch' && !select.value)) return;
    var form = select.form;
    if (form) form.requestSubmit ? form.requestSubmit() : form.submit();
  }

  // The operation switcher opens the chosen operation at once; forms marked data-auto-submit send
  // themselves when a field changes.
  document.addEventListener('change', function (event) {
    var field = event.target;
    if (field.tagName === 'SELECT' && keyboardSelect === field) return;
    send(field);
  });

  // htmx replaces the element that had the focus (an inline justification replaces its row):
  // keep keyboard users where they were instead of sending them back to the top of the page.
  var focusedIds = [];
  document.addEventListener('htmx:beforeSwap', function () {
    // the focused element's id and its ancestors', innermost first: the new content may lack the
    // field itself (a justified flag has no form any more) but keep its row
    focusedIds = [];
    for (var e = document.activeElement; e && e !== document.body; e = e.parentElement) {
      if (e.id) focusedIds.push(e.id);
    }
  });
  document.addEventListener('htmx:afterSettle', function () {
    if (focusedIds.length === 0) return;
    var active = document.activeElement;
    if (active && active !== document.body && document.contains(active)) return;
    var again = null;
    for (var i = 0; i < focusedIds.length && !again; i++) again = document.getElementById(focusedIds[i]);
    focusedIds = [];
    if (!again || again.id === 'main') return;
    if (!again.hasAttribute('tabindex') && !again.matches('a, button, input, select, textarea')) {
      again.setAttribute('tabindex', '-1');
    }
    again.focus();
  });
})();
