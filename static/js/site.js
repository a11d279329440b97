// Progressive enhancement only: every page works without this file.
// Filters apply as soon as a checkbox or a select changes, instead of waiting for the button.
document.addEventListener("change", (event) => {
  const form = event.target.closest("form[data-auto-submit]");
  if (form && event.target.matches("input[type=checkbox], select")) {
    form.requestSubmit();
  }
});

// Wide screens keep the filter panel open; the stylesheet does it where browsers support
// ::details-content, this where they do not.
if (window.matchMedia("(min-width: 60rem)").matches && !CSS.supports("selector(::details-content)")) {
  for (const panel of document.querySelectorAll("details.filter-panel, details.menu-panel")) {
    panel.open = true;
  }
}
