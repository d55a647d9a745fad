// pressroom live reload: served pages only, never the built files.
(() => {
  "use strict";
  const OVERLAY_ID = "pressroom-error-overlay";
  let generation = null;

  function showErrors(text) {
    // The page that stands in for a site never built shows them itself.
    const standIn = document.getElementById("pressroom-errors");
    if (standIn) {
      standIn.textContent = text;
      return;
    }
    let box = document.getElementById(OVERLAY_ID);
    if (!box) {
      box = document.createElement("div");
      box.id = OVERLAY_ID;
      box.setAttribute("role", "alert");
      box.style.cssText =
        "position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;z-index:2147483647;" +
        "background:#2b0b0b;color:#ffe9e9;font:14px/1.45 ui-monospace,Menlo,Consolas,monospace;" +
        "padding:1rem 1.25rem;border-top:4px solid #ff5c5c;white-space:pre-wrap;box-shadow:0 -4px 24px #0008";
      document.body.appendChild(box);
    }
    box.textContent = "pressroom: the last change has problems; showing the last good build.\n\n" + text;
  }

  function clearErrors() {
    const box = document.getElementById(OVERLAY_ID);
    if (box) box.remove();
  }

  function swapStyles() {
    for (const link of document.querySelectorAll('link[rel="stylesheet"]')) {
      const url = new URL(link.href);
      url.searchParams.set("pressroom", Date.now().toString());
      link.href = url.toString();
    }
  }

  const source = new EventSource("/__pressroom/events");
  source.addEventListener("hello", (e) => {
    // A new generation means the server restarted: the site may have changed.
    if (generation !== null && generation !== e.data) location.reload();
    generation = e.data;
  });
  source.addEventListener("reload", () => location.reload());
  // The rebuild gave statements new URLs: a page open at an old one goes
  // to the new one (keeping its #fragment), the others reload.
  source.addEventListener("moved", (e) => {
    let moved = {};
    try {
      moved = JSON.parse(e.data);
    } catch (_) {}
    const here = location.pathname.replace(/index\.html$/, "");
    const to = Object.prototype.hasOwnProperty.call(moved, here) ? moved[here] : null;
    if (typeof to === "string") location.replace(to + location.search + location.hash);
    else location.reload();
  });
  source.addEventListener("css", swapStyles);
  source.addEventListener("errors", (e) => showErrors(e.data));
  source.addEventListener("ok", clearErrors);
})();
