// Progressive enhancement only: every page works without this file.
// Filters apply as soon as a checkbox or a select changes, instead of waiting for the button.
document.addEventListener("change", (event) => {
  const form = event.target.closest("form[data-auto-submit]");
  if (form && event.target.matches("input[type=checkbox], select")) {
    form.requestSubmit();
  }
});
