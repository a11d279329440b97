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
  for (const panel of document.querySelectorAll("details.filter-panel")) {
    panel.open = true;
  }
}

// A link to a part of the page inside a folded <details> (the statistics' report texts)
// opens it, in browsers that do not reveal such a target themselves.
function revealTarget() {
  const target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
  const folded = target && target.closest("details:not([open])");
  if (folded) {
    folded.open = true;
    target.scrollIntoView();
  }
}
revealTarget();
window.addEventListener("hashchange", revealTarget);
