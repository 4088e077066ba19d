/* nyttig default theme: small, optional enhancements. Every page works without this file. */
(function () {
  "use strict";

  var doc = document.documentElement;
  doc.classList.add("js");

  // Phone menu: fold the main menu behind a button. Without JS the menu simply wraps.
  function initMenu() {
    var nav = document.querySelector(".site-nav");
    if (!nav) return;
    var button = nav.querySelector(".site-nav__toggle");
    var list = nav.querySelector(".site-nav__list");
    if (!button || !list) return;
    button.hidden = false;
    nav.classList.add("has-toggle");
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-expanded") === "true";
      button.setAttribute("aria-expanded", String(!open));
      nav.classList.toggle("is-open", !open);
    });
    nav.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && nav.classList.contains("is-open")) {
        button.setAttribute("aria-expanded", "false");
        nav.classList.remove("is-open");
        button.focus();
      }
    });
  }

  // Video: nothing is loaded from the video host until the reader presses the button.
  function initVideos() {
    var figures = document.querySelectorAll("[data-video]");
    Array.prototype.forEach.call(figures, function (figure) {
      var button = figure.querySelector("[data-video-play]");
      var placeholder = figure.querySelector(".video__placeholder");
      var src = figure.getAttribute("data-embed-url");
      if (!button || !placeholder || !src) return;
      button.hidden = false;
      button.addEventListener("click", function () {
        var frame = document.createElement("iframe");
        // The reader asked to play, so start at once (one click, not two).
        if (!/[?&]autoplay=/.test(src)) src += (src.indexOf("?") === -1 ? "?" : "&") + "autoplay=1";
        frame.src = src;
        frame.title = figure.getAttribute("data-title") || "";
        frame.setAttribute("allow", "autoplay; encrypted-media; fullscreen; picture-in-picture");
        frame.setAttribute("allowfullscreen", "");
        frame.setAttribute("referrerpolicy", "strict-origin-when-cross-origin");
        var link = placeholder.querySelector(".video__link");
        placeholder.replaceWith(frame);
        if (link) {
          // Keep the plain link to the video's own page under the player.
          var p = document.createElement("p");
          p.className = "video__after";
          link.removeAttribute("class");
          p.appendChild(link);
          frame.insertAdjacentElement("afterend", p);
        }
        frame.focus();
      });
    });
  }

  // Wide Markdown tables scroll sideways on phones; make such a table reachable by keyboard.
  function initTables() {
    var tables = document.querySelectorAll(".prose table");
    Array.prototype.forEach.call(tables, function (table) {
      if (table.scrollWidth > table.clientWidth + 1 && !table.hasAttribute("tabindex")) {
        table.setAttribute("tabindex", "0");
      }
    });
  }

  // On wide screens the filter column has room: open the main facets there.
  function initFacets() {
    if (!window.matchMedia || !window.matchMedia("(min-width: 56em)").matches) return;
    var facets = document.querySelectorAll(".facet[data-facet='phase'], .facet[data-facet='area']");
    Array.prototype.forEach.call(facets, function (facet) {
      facet.open = true;
    });
  }

  function init() {
    initMenu();
    initFacets();
    initVideos();
    initTables();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
