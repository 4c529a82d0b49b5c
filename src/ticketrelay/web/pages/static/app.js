// The few behaviours the settings page adds on top of plain forms (no inline scripts: CSP).
"use strict";

// Ask before a form is sent by a button (or form) with data-confirm.
document.addEventListener("submit", function (event) {
  var button = event.submitter;
  var message = (button && button.dataset.confirm) || event.target.dataset.confirm;
  if (message && !window.confirm(message)) {
    event.preventDefault();
  }
});

// Tick or untick every checkbox that a "select all" box names.
document.addEventListener("change", function (event) {
  var box = event.target;
  if (box.matches && box.matches("[data-select-all]")) {
    document.querySelectorAll(box.dataset.selectAll).forEach(function (other) {
      other.checked = box.checked;
    });
  }
});

// Copy the text of the element a data-copy button names.
document.addEventListener("click", function (event) {
  var button = event.target.closest && event.target.closest("[data-copy]");
  if (!button || !navigator.clipboard) {
    return;
  }
  var source = document.getElementById(button.dataset.copy);
  navigator.clipboard.writeText(source.textContent.trim()).then(function () {
    button.textContent = button.dataset.copied;
  });
});
