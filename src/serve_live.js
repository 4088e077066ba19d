/* nyttig serve: reloads this page when a save changes it, and shows the build's errors over
 * the page until they are fixed. Only the preview adds this script; a built site has none. */
(function () {
  "use strict";
  var overlay = null;

  function hide() {
    if (overlay) overlay.remove();
    overlay = null;
  }

  function show(errors, title, note) {
    hide();
    overlay = document.createElement("div");
    overlay.id = "nyttig-errors";
    overlay.setAttribute("role", "alert");
    overlay.style.cssText =
      "position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(20,24,33,.96);" +
      "color:#fff;font:16px/1.5 system-ui,sans-serif;padding:2rem";
    var h = document.createElement("h2");
    h.textContent = title;
    h.style.cssText = "margin:0 0 .5rem;font-size:1.4rem;color:#ffb4b4";
    var p = document.createElement("p");
    p.textContent = note;
    p.style.margin = "0 0 1.5rem";
    overlay.appendChild(h);
    overlay.appendChild(p);
    errors.forEach(function (e) {
      var pre = document.createElement("pre");
      pre.textContent = e.text;
      pre.style.cssText = "white-space:pre-wrap;background:#000;color:#fff;padding:1rem;border-left:4px solid #ff6b6b;margin:0 0 1rem";
      overlay.appendChild(pre);
    });
    document.body.appendChild(overlay);
  }

  function swapStyles() {
    document.querySelectorAll('link[rel="stylesheet"]').forEach(function (link) {
      var url = new URL(link.href);
      url.searchParams.set("nyttig-reload", String(Date.now()));
      link.href = url.toString();
    });
  }

  function onMessage(message) {
    if (message.type === "errors") return show(message.errors, message.title, message.note);
    hide();
    if (message.type !== "reload") return;
    if (message.css_only) return swapStyles();
    var here = location.pathname;
    if (message.all || message.pages.indexOf(here) >= 0 || message.pages.indexOf(decodeURI(here)) >= 0) {
      location.reload();
    }
  }

  fetch("/__nyttig/status", { cache: "no-store" })
    .then(function (r) { return r.json(); })
    .then(function (s) { if (s.errors.length) show(s.errors, s.title, s.note); })
    .catch(function () {});
  var events = new EventSource("/__nyttig/events");
  events.onmessage = function (e) {
    try {
      onMessage(JSON.parse(e.data));
    } catch (err) {
      /* a message from another version of the preview */
    }
  };
})();
