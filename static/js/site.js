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
// The shortlist's notes are saved as they are typed, a moment after the last key, and when
// the page is left; the form's buttons send them too, so nothing depends on this.
const notesForm = document.querySelector("form[data-autosave]");
if (notesForm) {
  let timer = null;
  let dirty = false;
  let status = null; // the status line under the note last typed in
  const say = (key) => { if (status) status.textContent = notesForm.dataset[key] || ""; };
  const save = (leaving = false) => {
    clearTimeout(timer);
    if (!dirty) return;
    dirty = false;
    if (!leaving) say("saving");
    fetch(notesForm.action, {
      method: "POST",
      body: new FormData(notesForm),
      headers: { Accept: "application/json" },
      credentials: "same-origin",
      keepalive: leaving,
    }).then((response) => {
      if (!response.ok) throw new Error(response.status);
      if (!dirty) say("saved");
    }).catch(() => { dirty = true; say("failed"); });
  };
  notesForm.addEventListener("input", (event) => {
    if (!event.target.matches("textarea")) return;
    const line = document.getElementById(event.target.id.replace("note-", "note-status-"));
    if (line !== status && status) status.textContent = "";
    status = line;
    dirty = true;
    clearTimeout(timer);
    timer = setTimeout(save, 700);
  });
  notesForm.addEventListener("focusout", () => save());
  notesForm.addEventListener("submit", () => { dirty = false; clearTimeout(timer); });
  window.addEventListener("pagehide", () => save(true));
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden") save(true);
  });
}

// "Add to shortlist" in place: the page stays where it is and keeps its ticks; the button
// then says the model is on the shortlist. Without this file the form returns to the card.
const addForm = document.getElementById("shortlist-add");
if (addForm) {
  const status = document.getElementById("shortlist-status");
  const announce = (text) => {
    if (!status) return;
    status.textContent = "";
    setTimeout(() => { status.textContent = text; }, 50);  // read again if the same
  };
  const markAdded = (slug) => {
    for (const button of document.querySelectorAll("button[data-shortlist]")) {
      if (button.dataset.shortlist !== slug) continue;
      button.setAttribute("aria-disabled", "true");
      const label = button.querySelector(".shortlist-label");
      if (label && status) label.textContent = status.dataset.added;
    }
  };
  addForm.addEventListener("submit", (event) => {
    const button = event.submitter;
    if (!button || !button.dataset.shortlist || addForm.dataset.plain) return;
    event.preventDefault();
    if (button.getAttribute("aria-disabled") === "true") {
      announce(status ? status.dataset.added : "");
      return;
    }
    const data = new FormData(addForm);
    data.set("slug", button.dataset.shortlist);
    fetch(addForm.action, {
      method: "POST",
      body: data,
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    }).then((response) => response.json().then((answer) => ({ ok: response.ok, answer })))
      .then(({ ok, answer }) => {
        if (answer.on_shortlist) markAdded(button.dataset.shortlist);
        const message = answer.message || (ok ? status.dataset.addedNow : status.dataset.failed);
        announce(message);
        if (!answer.on_shortlist) {
          // Not added (the list is full): said next to the button as well, for the eye.
          const note = button.parentElement.querySelector(".form-error") || document.createElement("span");
          note.className = "form-error";
          note.textContent = ` ${message}`;
          button.after(note);
        }
      })
      .catch(() => {
        // The page as without this file: the form itself, back to the card.
        addForm.dataset.plain = "1";
        addForm.requestSubmit(button);
      });
  });
}

// Ticks for comparison survive a reload or a return to the same page of results.
const compareForm = document.querySelector("form[data-compare]");
if (compareForm) {
  const key = `compare:${location.pathname}${location.search}`;
  const boxes = () => compareForm.querySelectorAll("input[type=checkbox][name=models]");
  let ticked = [];
  try { ticked = JSON.parse(sessionStorage.getItem(key) || "[]"); } catch { ticked = []; }
  for (const box of boxes()) {
    if (ticked.includes(box.value)) box.checked = true;
  }
  compareForm.addEventListener("change", () => {
    const chosen = [...boxes()].filter((box) => box.checked).map((box) => box.value);
    try { sessionStorage.setItem(key, JSON.stringify(chosen)); } catch { /* storage full or off */ }
  });
}

// A shared shortlist's link, copied with one press; where the clipboard is not available the
// link is selected in its field, ready for Ctrl+C.
const copyButton = document.getElementById("copy-share-url");
const shareField = document.getElementById("share-url");
if (copyButton && shareField) {
  const status = document.getElementById("copy-status");
  copyButton.hidden = false;
  const fallback = () => {
    shareField.focus();
    shareField.select();
    if (status) status.textContent = copyButton.dataset.failed;
  };
  copyButton.addEventListener("click", () => {
    if (!navigator.clipboard || !window.isSecureContext) {
      fallback();
      return;
    }
    navigator.clipboard.writeText(shareField.value).then(() => {
      if (status) status.textContent = copyButton.dataset.copied;
    }, fallback);
  });
  shareField.addEventListener("focus", () => shareField.select());
}
