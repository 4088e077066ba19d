/* nyttig default theme: the search page (templates/search.html). Progressive enhancement:
   without this script, or without the engine (search.js, loaded before it), the page keeps
   its explanation and the links to the catalogue. Nothing is fetched before the reader
   searches: the engine opens its index on the first focus of the field, or at once when the
   page's address already holds a query (`?q=`), so that a search can be shared as a link.
   Every text of the results is set with textContent; no data goes through innerHTML. */
(function () {
  "use strict";

  var FACETS = ["type", "phase", "area", "kind", "year"];
  var PAGE = 10;
  var DEBOUNCE = 150;
  // While the reader types, the live region speaks only once the typing pauses.
  var ANNOUNCE_WHILE_TYPING = 700;
  // The first search waits for the index; say so when that takes a moment.
  var LOADING_AFTER = 300;

  function byId(id) {
    return document.getElementById(id);
  }

  function fill(template, values) {
    return String(template || "").replace(/\{(\w+)\}/g, function (all, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : all;
    });
  }

  function init() {
    var form = byId("search-form");
    var input = byId("search-q");
    var status = byId("search-status");
    var results = byId("search-results");
    var options = byId("search-options");
    var sortSelect = byId("search-sort");
    var fallback = byId("search-fallback");
    var api = window.NyttigSearch;
    if (!form || !input || !status || !results || !api || typeof api.open !== "function") return;
    if (!window.Promise || !window.URLSearchParams || !window.history || !history.replaceState) return;

    var strings = {};
    try {
      strings = JSON.parse((byId("search-strings") || {}).textContent || "{}") || {};
    } catch (e) {
      strings = {};
    }
    var lang = document.documentElement.lang || "da";

    // The state of the page, which the address mirrors.
    var state = { sort: "relevance", filters: {}, limit: PAGE };
    // Per facet: its values [[key, label], …] in display order, and key → label.
    var order = {};
    var labels = {};
    var enginePromise = null;
    var seq = 0;
    var timer = 0;
    var announceTimer = 0;
    var loadingTimer = 0;

    function select(name) {
      return byId("search-facet-" + name);
    }

    function field(name) {
      var s = select(name);
      return s ? s.closest(".search-options__field") || s.parentNode : null;
    }

    function engine() {
      if (!enginePromise) {
        enginePromise = Promise.resolve()
          .then(function () {
            return api.open(form.getAttribute("data-index"));
          })
          .then(function (e) {
            FACETS.forEach(function (name) {
              var values = [];
              try {
                values = e.facetValues(name) || [];
              } catch (err) {
                values = [];
              }
              order[name] = values;
              labels[name] = {};
              values.forEach(function (v) {
                labels[name][v[0]] = v[1];
              });
              // A filter the portal has no values for is left out; one the index does not
              // know (an old link) is dropped.
              var f = field(name);
              if (f) f.hidden = values.length === 0;
              if (state.filters[name] && !Object.prototype.hasOwnProperty.call(labels[name], state.filters[name])) {
                delete state.filters[name];
              }
            });
            return e;
          });
        // A failed load may be tried again by the next search.
        enginePromise.catch(function () {
          enginePromise = null;
        });
      }
      return enginePromise;
    }

    function warm() {
      engine().catch(function () {
        /* reported when the reader searches */
      });
    }

    // ---- The address ------------------------------------------------------------------

    function readAddress() {
      var params = new URLSearchParams(location.search);
      input.value = params.get("q") || "";
      state.sort = params.get("sort") === "date" ? "date" : "relevance";
      state.filters = {};
      FACETS.forEach(function (name) {
        var v = params.get(name);
        if (v) state.filters[name] = v;
      });
      if (sortSelect) sortSelect.value = state.sort;
    }

    function writeAddress() {
      var params = new URLSearchParams();
      var q = input.value.trim();
      if (q) params.set("q", q);
      if (state.sort !== "relevance") params.set("sort", state.sort);
      FACETS.forEach(function (name) {
        if (state.filters[name]) params.set(name, state.filters[name]);
      });
      var query = params.toString();
      var url = location.pathname + (query ? "?" + query : "") + location.hash;
      if (url !== location.pathname + location.search + location.hash) {
        try {
          history.replaceState(history.state, "", url);
        } catch (e) {
          /* a sandboxed frame may refuse; the search still works */
        }
      }
    }

    // ---- What the reader sees ---------------------------------------------------------

    function announce(text, delay) {
      clearTimeout(announceTimer);
      if (delay) {
        announceTimer = setTimeout(function () {
          status.textContent = text;
        }, delay);
      } else {
        status.textContent = text;
      }
    }

    function busy(on) {
      clearTimeout(loadingTimer);
      if (on) {
        results.setAttribute("aria-busy", "true");
        loadingTimer = setTimeout(function () {
          if (strings.loading) status.textContent = strings.loading;
        }, LOADING_AFTER);
      } else {
        results.removeAttribute("aria-busy");
      }
    }

    function clearResults() {
      while (results.firstChild) results.removeChild(results.firstChild);
    }

    function formatDate(iso) {
      var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
      if (!m) return "";
      var months = strings.months || [];
      var month = months[parseInt(m[2], 10) - 1];
      if (!month || !strings.date_format) return iso;
      return fill(strings.date_format, { day: parseInt(m[3], 10), month: month, year: m[1] });
    }

    function number(n) {
      try {
        return Number(n).toLocaleString(lang);
      } catch (e) {
        return String(n);
      }
    }

    function safeUrl(url) {
      url = String(url || "");
      return /^(\/|https?:\/\/)/i.test(url) ? url : "#";
    }

    function fillFacets(facets) {
      FACETS.forEach(function (name) {
        fillFacet(name, facets[name]);
      });
    }

    function fillFacet(name, counts) {
      var s = select(name);
      if (!s) return;
      var chosen = state.filters[name] || "";
      var count = {};
      (counts || []).forEach(function (c) {
        count[c[0]] = c[1];
      });
      while (s.firstChild) s.removeChild(s.firstChild);
      var all = document.createElement("option");
      all.value = "";
      all.textContent = strings.all || "–";
      s.appendChild(all);
      (order[name] || []).forEach(function (v) {
        var n = count[v[0]] || 0;
        if (n === 0 && v[0] !== chosen) return;
        var o = document.createElement("option");
        o.value = v[0];
        o.textContent = v[1] + " (" + number(n) + ")";
        s.appendChild(o);
      });
      s.value = chosen;
    }

    function hitItem(hit) {
      var li = document.createElement("li");
      li.className = "search-result";
      var h = document.createElement("h2");
      h.className = "search-result__title";
      var a = document.createElement("a");
      a.href = safeUrl(hit.url);
      a.textContent = hit.title || hit.url || "";
      h.appendChild(a);
      li.appendChild(h);

      var parts = [];
      var type = labels.type && labels.type[hit.type];
      if (type) parts.push(document.createTextNode(type));
      var phase = labels.phase && labels.phase[hit.phase];
      if (phase) parts.push(document.createTextNode(phase));
      var date = formatDate(hit.date);
      if (date) {
        var time = document.createElement("time");
        time.setAttribute("datetime", hit.date);
        time.textContent = date;
        parts.push(time);
      }
      if (parts.length) {
        var meta = document.createElement("p");
        meta.className = "meta search-result__meta";
        parts.forEach(function (part, i) {
          if (i > 0) {
            var sep = document.createElement("span");
            sep.className = "meta__sep";
            sep.setAttribute("aria-hidden", "true");
            sep.textContent = "·";
            meta.appendChild(document.createTextNode(" "));
            meta.appendChild(sep);
            meta.appendChild(document.createTextNode(" "));
          }
          meta.appendChild(part);
        });
        li.appendChild(meta);
      }
      // The passage with the query's words (as <mark>, which screen readers announce as
      // highlighted), else the summary. Both are text: nothing of them is read as markup.
      if (hit.excerpt || hit.summary) {
        var p = document.createElement("p");
        p.className = "search-result__summary";
        (hit.excerpt || [{ text: hit.summary, marked: false }]).forEach(function (piece) {
          if (!piece.marked) return p.appendChild(document.createTextNode(piece.text));
          var mark = document.createElement("mark");
          mark.textContent = piece.text;
          p.appendChild(mark);
        });
        li.appendChild(p);
      }
      return li;
    }

    function render(answer, q, typing, focusFrom) {
      var hits = answer.hits || [];
      var total = answer.total || 0;
      if (options && options.hidden) {
        options.hidden = false;
        // Open at first on wide screens, or when the address already filters; on a phone
        // the results come first and the reader opens the options when wanted.
        var wide = window.matchMedia && window.matchMedia("(min-width: 48em)").matches;
        if (wide || Object.keys(activeFilters()).length || state.sort !== "relevance") options.open = true;
      }
      if (answer.facets) fillFacets(answer.facets);
      if (sortSelect) sortSelect.value = state.sort;

      clearResults();
      if (hits.length) {
        var ol = document.createElement("ol");
        ol.className = "search-results";
        hits.forEach(function (hit) {
          ol.appendChild(hitItem(hit));
        });
        results.appendChild(ol);
      }
      if (total > hits.length) {
        var more = document.createElement("div");
        more.className = "search-more";
        var shown = document.createElement("p");
        shown.className = "search-more__count";
        shown.textContent = fill(strings.showing, { shown: number(hits.length), n: number(total) });
        var button = document.createElement("button");
        button.type = "button";
        button.className = "button button--secondary";
        button.textContent = strings.more || "+";
        button.addEventListener("click", function () {
          state.limit = hits.length + PAGE;
          search(false, hits.length);
        });
        more.appendChild(shown);
        more.appendChild(button);
        results.appendChild(more);
      }

      var words = q.trim();
      var text;
      if (total === 0) {
        text = fill(strings.no_results, { q: words });
      } else {
        // A misspelt word was read as the nearest word of the pages: say so first.
        var meant = answer.instead && strings.instead ? answer.instead : null;
        text = fill(total === 1 ? strings.results_one : strings.results_many, { n: number(total), q: meant || words });
        if (answer.fallback && strings.fallback) text += " " + strings.fallback;
        if (meant) text = fill(strings.instead, { typed: words, q: meant }) + " " + text;
      }
      announce(text, typing ? ANNOUNCE_WHILE_TYPING : 0);

      // After "show more", focus goes to the first new result; the button it left is gone.
      if (typeof focusFrom === "number") {
        var links = results.querySelectorAll(".search-result__title a");
        var target = links[focusFrom] || links[links.length - 1];
        if (target) target.focus();
      }
    }

    function reset() {
      seq++;
      busy(false);
      clearResults();
      if (options) options.hidden = true;
      announce("", 0);
    }

    function activeFilters() {
      var out = {};
      FACETS.forEach(function (name) {
        if (state.filters[name]) out[name] = state.filters[name];
      });
      return out;
    }

    /* Runs the search for the field's text. `typing`: the last word is still being typed
       (it matches as a prefix); `focusFrom`: after "show more", the index of the first new
       result, to move focus to. */
    function search(typing, focusFrom) {
      clearTimeout(timer);
      var q = input.value;
      if (!q.trim()) {
        writeAddress();
        reset();
        return;
      }
      var mine = ++seq;
      var query = { q: q, prefix: !!typing, filters: activeFilters(), sort: state.sort, limit: state.limit };
      busy(true);
      engine()
        .then(function (e) {
          writeAddress();
          // Results first; the filters' counts need one more file, so they follow.
          query.facets = false;
          return e.search(query).then(function (answer) {
            if (!answer.facets && mine === seq) {
              query.facets = true;
              e.search(query).then(function (full) {
                if (mine === seq) fillFacets(full.facets);
              }, function () {});
            }
            return answer;
          });
        })
        .then(
          function (answer) {
            if (mine !== seq) return;
            busy(false);
            render(answer || {}, q, typing, focusFrom);
          },
          function () {
            if (mine !== seq) return;
            busy(false);
            clearResults();
            announce(strings.error || "", 0);
          }
        );
    }

    // ---- Wiring -----------------------------------------------------------------------

    form.hidden = false;
    if (fallback) fallback.hidden = true;
    readAddress();

    input.addEventListener("focus", warm);
    input.addEventListener("input", function () {
      state.limit = PAGE;
      clearTimeout(timer);
      if (!input.value.trim()) {
        search(false);
        return;
      }
      timer = setTimeout(function () {
        search(true);
      }, DEBOUNCE);
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      state.limit = PAGE;
      if (!input.value.trim()) {
        reset();
        writeAddress();
        announce(strings.empty || "", 0);
        input.focus();
        return;
      }
      search(false);
    });
    if (sortSelect) {
      sortSelect.addEventListener("change", function () {
        state.sort = sortSelect.value === "date" ? "date" : "relevance";
        state.limit = PAGE;
        search(false);
      });
    }
    FACETS.forEach(function (name) {
      var s = select(name);
      if (!s) return;
      s.addEventListener("change", function () {
        if (s.value) state.filters[name] = s.value;
        else delete state.filters[name];
        state.limit = PAGE;
        search(false);
      });
    });

    if (input.value.trim()) search(false);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
