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

// Copy the text of the element a data-copy button names; where the clipboard cannot be
// used (plain http on another host, or permission refused), select the text instead.
document.addEventListener("click", function (event) {
  var button = event.target.closest && event.target.closest("[data-copy]");
  if (!button) {
    return;
  }
  var source = document.getElementById(button.dataset.copy);
  var text = source.textContent.trim();
  if (!navigator.clipboard || !window.isSecureContext) {
    selectText(source, button);
    return;
  }
  navigator.clipboard.writeText(text).then(
    function () {
      button.textContent = button.dataset.copied;
    },
    function () {
      selectText(source, button);
    }
  );
});

function selectText(element, button) {
  var range = document.createRange();
  range.selectNodeContents(element);
  var selection = window.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
  if (button.dataset.selected) {
    button.textContent = button.dataset.selected;
  }
}

// Show only the settings of the kind of source chosen, and say on the button what creating
// it gives; without JavaScript every kind's settings are shown.
function showKind(select) {
  select.form.querySelectorAll("[data-kind]").forEach(function (group) {
    var chosen = group.dataset.kind === select.value;
    group.hidden = !chosen;
    group.disabled = !chosen;
  });
  var button = select.form.querySelector("[data-label-api]");
  if (button) {
    var labels = { api: button.dataset.labelApi, relation: button.dataset.labelRelation };
    button.textContent = labels[select.value] || button.dataset.labelHook;
  }
}

document.querySelectorAll("select[data-kind-select]").forEach(showKind);
document.addEventListener("change", function (event) {
  if (event.target.matches && event.target.matches("select[data-kind-select]")) {
    showKind(event.target);
  }
});

// An input kept as typed across an htmx redraw (hx-preserve) keeps its old attributes: say
// again whether the redrawn part holds an error for it.
document.addEventListener("htmx:afterSettle", function () {
  document.querySelectorAll("[data-error-of]").forEach(function (input) {
    var name = input.dataset.errorOf;
    var error = document.getElementById(name + "-error");
    var ids = [name + "-hint"].concat(error ? [error.id] : []);
    input.setAttribute("aria-describedby", ids.join(" "));
    if (error) {
      input.setAttribute("aria-invalid", "true");
    } else {
      input.removeAttribute("aria-invalid");
    }
  });
});
