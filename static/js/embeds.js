// Embed cards (articles/embeds.py): the provider's player is made only when
// the reader clicks "Load", so opening a story asks nothing of YouTube, X or
// any other provider. Without this script the card is a plain link. The
// player's address, title, sandbox and permissions were computed when the
// piece was saved; the Content-Security-Policy admits no other frame.
(function () {
  "use strict";

  function load(card, button) {
    var frame = document.createElement("iframe");
    frame.className = "embed-frame";
    frame.title = card.getAttribute("data-embed-title");
    frame.setAttribute("sandbox", card.getAttribute("data-embed-sandbox"));
    var allow = card.getAttribute("data-embed-allow");
    if (allow) frame.setAttribute("allow", allow);
    // The page's own policy sends no referrer; some players refuse to play without the origin.
    frame.referrerPolicy = "strict-origin-when-cross-origin";
    frame.src = card.getAttribute("data-embed-src");
    var note = card.querySelector(".embed-note");
    if (note) note.remove();
    button.replaceWith(frame);
    frame.focus();
  }

  document.querySelectorAll(".story-body .embed[data-embed-src]").forEach(function (card) {
    var button = card.querySelector(".embed-load");
    if (!button || card.getAttribute("data-embed-src").indexOf("https://") !== 0) return;
    card.querySelectorAll("[hidden]").forEach(function (el) { el.hidden = false; });
    button.addEventListener("click", function () { load(card, button); });
  });
})();
