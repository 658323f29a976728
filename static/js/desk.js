// The desk's only script: keep a local copy of what is typed so no text is
// lost to an expired session, a CSRF failure or a closed tab; warn before
// leaving with unsaved changes; count the body's words. No dependencies.
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

  restore();
  countWords();

  form.addEventListener("input", function (event) {
    dirty = true;
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
