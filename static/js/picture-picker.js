// The body field's "Insert picture" button: opens the picture library in a
// dialog (search, upload) and writes the chosen picture's line at the cursor,
// on a line of its own, or makes the chosen picture the piece's hero (its
// number in the "Library picture" field, saved with the piece). A non-modal dialog: focus moves into it and comes back
// to the button, Escape closes it, and nothing traps the keyboard.
(function () {
  "use strict";

  const button = document.getElementById("insert-picture");
  const body = document.getElementById("id_body");
  const template = document.getElementById("picture-picker-template");
  if (!button || !body || !template) return;
  button.hidden = false;

  let dialog = null;
  let returnTo = button;
  let cursor = { start: body.value.length, end: body.value.length };

  function insert(line) {
    const before = body.value.slice(0, cursor.start);
    const after = body.value.slice(cursor.end);
    const lead = before === "" || before.endsWith("\n\n") ? "" : before.endsWith("\n") ? "\n" : "\n\n";
    const tail = after === "" || after.startsWith("\n\n") ? "" : after.startsWith("\n") ? "\n" : "\n\n";
    body.setRangeText(lead + line + tail, cursor.start, cursor.end, "end");
    body.dispatchEvent(new Event("input", { bubbles: true }));
    returnTo = body;
    close();
  }

  function useAsHero(id) {
    const hero = document.getElementById("id_hero_picture");
    if (!hero) return;
    hero.value = id;
    hero.dispatchEvent(new Event("input", { bubbles: true }));
    returnTo = hero;
    close();
  }

  function close() {
    if (dialog && dialog.open) {
      dialog.close();
    }
  }

  async function search(query) {
    const results = dialog.querySelector("[data-picker-results]");
    const url = new URL(dialog.dataset.library, window.location.href);
    url.searchParams.set("picker", "1");
    if (query) url.searchParams.set("q", query);
    results.textContent = "…";
    try {
      const response = await fetch(url, { credentials: "same-origin" });
      results.innerHTML = response.ok ? await response.text() : "";
    } catch (error) {
      results.textContent = button.dataset.failed || "The library could not be reached.";
    }
  }

  async function upload(form) {
    const errors = form.querySelector("[data-picker-errors]");
    errors.textContent = "";
    try {
      const response = await fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      });
      const data = await response.json();
      if (response.ok && data.line) {
        form.reset();
        insert(data.line);
      } else {
        errors.textContent = Object.values(data.errors || {}).flat().join(" ");
      }
    } catch (error) {
      errors.textContent = "The picture could not be uploaded.";
    }
  }

  function build() {
    dialog = template.content.firstElementChild.cloneNode(true);
    // Beside its button's form, so the dialog follows it in reading and tab order.
    template.after(dialog);
    dialog.addEventListener("click", (event) => {
      const target = event.target.closest("[data-insert-line], [data-use-as-hero], [data-close-picker]");
      if (!target) return;
      if (target.dataset.insertLine) insert(target.dataset.insertLine);
      else if (target.dataset.useAsHero) useAsHero(target.dataset.useAsHero);
      else close();
    });
    dialog.addEventListener("keydown", (event) => {
      if (event.key === "Escape") close();
    });
    dialog.addEventListener("close", () => {
      returnTo.focus();
      returnTo = button;
    });
    dialog.querySelector("[data-picker-search]").addEventListener("submit", (event) => {
      event.preventDefault();
      search(event.target.elements.q.value);
    });
    dialog.querySelector("[data-picker-upload]").addEventListener("submit", (event) => {
      event.preventDefault();
      upload(event.target);
    });
  }

  button.addEventListener("click", () => {
    cursor = { start: body.selectionStart, end: body.selectionEnd };
    if (!dialog) build();
    dialog.show();
    dialog.querySelector("#picker-q").focus();
    search(dialog.querySelector("#picker-q").value);
  });
})();
