// The desk's only script: keep a local copy of what is typed so no text is
// lost to an expired session, a CSRF failure or a closed tab; save drafts in
// the background every minute (with the same version check as Save); warn
// before leaving with unsaved changes; count the body's words. No dependencies.
(function () {
  "use strict";

  var form = document.getElementById("article-form");
  if (!form) return;
  var key = "newsroom:" + form.getAttribute("data-local-copy");
  var notice = document.getElementById("local-copy-notice");
  var dirty = false;

  function textFields() {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && el.name !== "csrfmiddlewaretoken" && el.name !== "edited_version" &&
        (el.tagName === "TEXTAREA" || (el.tagName === "INPUT" && /^(text|url|search)$/.test(el.type)));
    });
  }

  function snapshot() {
    var values = {};
    textFields().forEach(function (el) { values[el.name] = el.value; });
    return values;
  }

  function store() {
    try {
      localStorage.setItem(key, JSON.stringify({ savedAt: new Date().toISOString(), values: snapshot() }));
    } catch (e) { /* Storage full or disabled: the warning on leaving still protects the text. */ }
  }

  function restore() {
    var stored;
    try { stored = JSON.parse(localStorage.getItem(key) || "null"); } catch (e) { stored = null; }
    if (!stored || !stored.values) return;
    var current = snapshot();
    var differs = Object.keys(stored.values).some(function (name) {
      return name in current && stored.values[name] !== current[name];
    });
    if (!differs) { localStorage.removeItem(key); return; }
    textFields().forEach(function (el) {
      if (el.name in stored.values) el.value = stored.values[el.name];
    });
    dirty = true;
    if (notice) notice.hidden = false;
  }

  function countWords() {
    var body = document.getElementById("id_body");
    var out = document.querySelector("[data-word-count-for='id_body']");
    if (!body || !out) return;
    var words = (body.value.match(/\S+/g) || []).length;
    var minutes = Math.max(1, Math.round(words / 230));
    out.textContent = words + (words === 1 ? " word" : " words") + " · about " + minutes + " min to read";
  }

  // Background saves: only drafts (the form says so), only after typing, and
  // through the same conflict check as the Save button. A refused save stops
  // them and says why; the text stays on the page and in the local copy.
  var AUTOSAVE_EVERY_MS = 60000;
  var autosaveStatus = document.getElementById("autosave-status");
  var changedSinceAutosave = false;
  var autosaveStopped = form.getAttribute("data-autosave") !== "true" || !window.fetch;

  function say(text) { if (autosaveStatus) autosaveStatus.textContent = text; }

  function autosave() {
    if (autosaveStopped || !changedSinceAutosave) return;
    var data = new FormData(form);
    data.delete("hero_image");
    data.delete("hero_image-clear");
    data.set("action", "autosave");
    changedSinceAutosave = false;
    fetch(form.getAttribute("action") || window.location.href, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" },
      redirect: "error"
    }).then(function (response) {
      var type = response.headers.get("Content-Type") || "";
      if (type.indexOf("application/json") === -1) throw new Error("signed out");
      return response.json().then(function (body) { return { ok: response.ok, body: body }; });
    }).then(function (result) {
      if (result.ok) {
        form.elements.edited_version.value = result.body.edited_version;
        var shown = document.getElementById("article-version");
        if (shown) shown.textContent = result.body.version;
        if (!changedSinceAutosave) { dirty = false; localStorage.removeItem(key); }
        say(result.body.message);
      } else {
        autosaveStopped = true;
        say("Not saved automatically: " + (result.body.errors || []).join(" ") +
          " Your text is still here.");
      }
    }).catch(function () {
      changedSinceAutosave = true;
      say("Could not save automatically (signed out or offline). Your text is kept in this browser; click Save when you can.");
    });
  }

  restore();
  countWords();
  if (!autosaveStopped) window.setInterval(autosave, AUTOSAVE_EVERY_MS);

  form.addEventListener("input", function (event) {
    dirty = true;
    changedSinceAutosave = true;
    store();
    if (event.target && event.target.id === "id_body") countWords();
  });
  form.addEventListener("change", function () { dirty = true; });
  form.addEventListener("submit", function () { dirty = false; store(); });

  var discard = document.getElementById("local-copy-discard");
  if (discard) {
    discard.addEventListener("click", function () {
      localStorage.removeItem(key);
      dirty = false;
      window.location.reload();
    });
  }

  window.addEventListener("beforeunload", function (event) {
    if (!dirty) return;
    event.preventDefault();
    event.returnValue = "";
  });
})();
