// Swagger UI draws its controls with React, at load and on every click, and leaves the
// parameters' list boxes without a name (WCAG 4.1.2): name each after its parameter.
function nameParameterControls() {
  for (const row of document.querySelectorAll("tr[data-param-name]")) {
    for (const control of row.querySelectorAll("select:not([aria-label]), input:not([aria-label]), textarea:not([aria-label])")) {
      control.setAttribute("aria-label", row.dataset.paramName);
    }
  }
}
new MutationObserver(nameParameterControls).observe(document.body, { childList: true, subtree: true });
