// Progressive enhancement: the "print a handout" button of a model's page. Without this file
// the button stays hidden and the browser's own print gives the whole page.
for (const button of document.querySelectorAll("[data-print]")) {
  button.hidden = false;
  button.addEventListener("click", () => {
    // The handout: only what the stylesheet keeps under html.handout (static/css/adoption.css).
    document.documentElement.classList.add("handout");
    window.print();
  });
}
window.addEventListener("afterprint", () => {
  document.documentElement.classList.remove("handout");
});
