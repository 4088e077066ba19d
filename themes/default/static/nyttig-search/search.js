/* nyttig search engine: answers queries in the browser from the static index that the build
 * writes (see docs/search.md), exactly as `nyttig search` answers them with tantivy: the same
 * analysis (words, lower case, stop words, folding, Snowball stem), the same BM25 in 32-bit
 * floats, AND with an OR fallback, the last word as a prefix while typing.
 * It fetches only what a query needs: meta.json, the norms and filters, the chunk of each
 * term, and the cards and texts of the results it shows (by range requests). No
 * dependencies; stem.js provides `nyttigStem`. */
(function (root) {
  "use strict";

  var stem = root.nyttigStem || (typeof require === "function" ? require("./stem.js").nyttigStem : null);
  var f32 = Math.fround;
  var K1 = f32(1.2);
  var B = f32(0.75);
  var MAX_WORD_BYTES = 40;
  var WORD = /[\p{Alphabetic}\p{N}]+/gu;
  var ENDS_IN_WORD = /[\p{Alphabetic}\p{N}]$/u;
  var utf8 = new TextEncoder();
  var text = new TextDecoder();

  // --- analysis: the same steps as src/search/analysis.rs ---

  function lower(word) {
    var out = "";
    for (var c of word) out += c.toLowerCase();
    return out;
  }

  var FOLD = { "æ": "a", "ä": "a", "å": "a", "á": "a", "à": "a", "â": "a", "ø": "o", "ö": "o", "ó": "o",
    "ò": "o", "ô": "o", "é": "e", "è": "e", "ê": "e", "ë": "e", "ü": "u", "ú": "u", "ù": "u", "û": "u",
    "í": "i", "ì": "i", "î": "i", "ï": "i" };

  function fold(word) {
    word = word.split("ae").join("a").split("oe").join("o").split("aa").join("a");
    var out = "";
    for (var c of word) out += FOLD[c] || c;
    return out;
  }

  function analyze(meta, input) {
    var out = [];
    var words = input.match(WORD) || [];
    for (var i = 0; i < words.length; i++) {
      // A UTF-16 unit is at most three bytes of UTF-8: short words need no encoding.
      if (words[i].length * 3 >= MAX_WORD_BYTES && utf8.encode(words[i]).length >= MAX_WORD_BYTES) continue;
      var w = lower(words[i]);
      if (meta.stopSet.has(w)) continue;
      w = fold(w);
      if (meta.stemmer && stem) w = stem(w, meta.stemmer);
      // Danish: center/centret, teater/teatret meet (see `syncope` in analysis.rs).
      if (meta.stemmer === "danish" && w.endsWith("tr")) w = w.slice(0, -1);
      out.push(w);
    }
    return out;
  }

  // The slug of a title, as src/text.rs makes it: cards store addresses without it.
  var SPELT = { "æ": "ae", "ä": "ae", "ø": "oe", "ö": "oe", "å": "aa", "ü": "ue", "ß": "ss", "é": "e", "è": "e",
    "ê": "e", "ë": "e", "á": "a", "à": "a", "â": "a", "ó": "o", "ò": "o", "ô": "o", "í": "i", "ì": "i", "î": "i",
    "ï": "i", "ú": "u", "ù": "u", "û": "u", "ñ": "n", "ç": "c" };

  function slugify(title) {
    var out = "", dash = false;
    for (var c of lower(title)) {
      var spelt = SPELT[c] || (/^[a-z0-9]$/.test(c) ? c : "");
      if (spelt) {
        if (dash && out) out += "-";
        dash = false;
        out += spelt;
      } else {
        dash = true;
      }
    }
    return out;
  }

  // Terms are ordered by their UTF-8 bytes, which is the order of code points.
  function compare(a, b) {
    if (a === b) return 0;
    var ia = a[Symbol.iterator](), ib = b[Symbol.iterator]();
    for (;;) {
      var x = ia.next(), y = ib.next();
      if (x.done || y.done) return x.done ? (y.done ? 0 : -1) : 1;
      var cx = x.value.codePointAt(0), cy = y.value.codePointAt(0);
      if (cx !== cy) return cx < cy ? -1 : 1;
    }
  }

  function chars(s) {
    var n = 0;
    for (var c of s) n += c.length ? 1 : 0;
    return n;
  }

  // --- file formats: see src/search/export.rs ---

  function Reader(bytes) {
    this.b = bytes;
    this.i = 0;
  }
  Reader.prototype.varint = function () {
    var v = 0, shift = 0, byte;
    do {
      byte = this.b[this.i++];
      v += (byte & 0x7f) * Math.pow(2, shift);
      shift += 7;
    } while (byte & 0x80);
    return v;
  };

  function parseChunk(bytes) {
    var r = new Reader(bytes);
    var n = r.varint();
    var terms = [];
    var previous = new Uint8Array(0);
    for (var i = 0; i < n; i++) {
      var shared = r.varint(), rest = r.varint();
      var t = new Uint8Array(shared + rest);
      t.set(previous.subarray(0, shared));
      t.set(bytes.subarray(r.i, r.i + rest), shared);
      r.i += rest;
      previous = t;
      terms.push(text.decode(t));
    }
    var map = new Map();
    for (var k = 0; k < n; k++) {
      var dfs = [r.varint(), r.varint(), r.varint(), r.varint()];
      var fields = [];
      for (var f = 0; f < 4; f++) {
        var docs = new Uint32Array(dfs[f]), tfs = new Uint32Array(dfs[f]), doc = 0;
        for (var d = 0; d < dfs[f]; d++) {
          doc = d === 0 ? r.varint() : doc + r.varint();
          docs[d] = doc;
        }
        for (var e = 0; e < dfs[f]; e++) tfs[e] = r.varint();
        fields.push({ docs: docs, tfs: tfs });
      }
      map.set(terms[k], fields);
    }
    return { terms: terms, postings: map };
  }

  // --- cards, texts and passages: see export.rs and excerpt.rs ---

  var SLOT = 12;
  var EXCERPT_WORDS = 24;
  var EXCERPT_BEFORE = 4;
  var MIN_INSIDE = 4;
  // White space as Rust's char::is_whitespace has it.
  var SPACE = "[\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]+";
  var SPACES = new RegExp(SPACE, "g");
  var LEADING = new RegExp("^" + SPACE);
  var TRAILING = new RegExp(SPACE + "$");

  // Inflates a raw deflate stream (as export.rs writes it) to text.
  function inflate(bytes) {
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate-raw"));
    return new Response(stream).arrayBuffer().then(function (b) { return text.decode(b); });
  }

  // The words of `source`: [start, end, word].
  function wordsOf(source) {
    var words = [], m, re = new RegExp(WORD.source, "gu");
    while ((m = re.exec(source))) words.push([m.index, m.index + m[0].length, m[0]]);
    return words;
  }

  // For `clauses`: word → the positions in `clauses` of the query words it matches (its own
  // term is one of a clause's, or a clause's term of MIN_INSIDE letters or more is inside
  // it). Each distinct word is analysed once (`known`, word → [its terms, folded]) and
  // matched once per query; a term is looked for inside a word only when its first
  // MIN_INSIDE letters are.
  function matcher(meta, known, clauses) {
    var own = new Map(), inside = new Map(), memo = new Map();
    clauses.forEach(function (c, i) {
      c.texts.forEach(function (t) {
        if (!own.has(t)) own.set(t, new Set());
        own.get(t).add(i);
        var letters = Array.from(t);
        if (letters.length < MIN_INSIDE) return;
        var key = letters.slice(0, MIN_INSIDE).join("");
        if (!inside.has(key)) inside.set(key, []);
        inside.get(key).push([t, i]);
      });
    });
    return function (word) {
      var hit = memo.get(word);
      if (hit) return hit;
      var a = known.get(word);
      if (!a) {
        a = [analyze(meta, word), fold(lower(word))];
        known.set(word, a);
      }
      var found = new Set();
      a[0].forEach(function (t) { if (own.has(t)) own.get(t).forEach(function (i) { found.add(i); }); });
      inside.forEach(function (terms, key) {
        if (a[1].indexOf(key) < 0) return;
        terms.forEach(function (x) { if (a[1].indexOf(x[0]) >= 0) found.add(x[1]); });
      });
      hit = Array.from(found);
      memo.set(word, hit);
      return hit;
    };
  }

  // excerpt.rs's `excerpt`: the run of EXCERPT_WORDS words of `source` (its `words`) with the
  // most query words (`match`, a matcher), as pieces [{text, marked}], with where it begins
  // (`first`, a word's position), how many query words it has (`found`) and how many words
  // the text has; null when none.
  function excerpt(source, list, match) {
    var words = list.map(function (w) { return [w[0], w[1], match(w[2])]; });
    var first = -1, most = 0;
    for (var from = 0; from < words.length; from++) {
      if (!words[from][2].length) continue;
      var found = new Set();
      for (var k = from; k < Math.min(from + EXCERPT_WORDS, words.length); k++) {
        words[k][2].forEach(function (i) { found.add(i); });
      }
      if (first < 0 || found.size > most) {
        first = from;
        most = found.size;
      }
    }
    if (first < 0) return null;
    var start = Math.max(0, first - EXCERPT_BEFORE), end = Math.min(start + EXCERPT_WORDS, words.length);
    var pieces = [];
    var add = function (t, marked) {
      if (!t) return;
      var last = pieces[pieces.length - 1];
      if (last && !last.marked && !marked) last.text += t;
      else pieces.push({ text: t, marked: marked });
    };
    var oneLine = function (gap) { return gap.replace(SPACES, " "); };
    add(start > 0 ? "… " : oneLine(source.slice(0, words[0][0])).replace(LEADING, ""), false);
    for (var w = start; w < end; w++) {
      if (w > start) add(oneLine(source.slice(words[w - 1][1], words[w][0])), false);
      add(source.slice(words[w][0], words[w][1]), words[w][2].length > 0);
    }
    add(end < words.length ? " …" : oneLine(source.slice(words[end - 1][1])).replace(TRAILING, ""), false);
    return { pieces: pieces, first: first, found: most, words: words.length };
  }

  // --- the engine ---

  function Engine(base, meta, get) {
    this.base = base;
    this.meta = meta;
    this.get = get;
    meta.stopSet = new Set(meta.stop);
    this.chunks = new Map();
    this.pages = new Map();
    this.whole = new Map();
    // For passages: the words of each text read, and what each distinct word is.
    this.lists = new Map();
    this.known = new Map();
    this.norms = null;
    this.facetColumns = null;
    this.dates = null;
    // Where each field's norms are in norms.bin, or -1 for a field without (norm id 1).
    var at = 0;
    this.normAt = meta.norms.map(function (has) { return has ? at++ : -1; });
    var N = f32(meta.docs);
    // Per field: the BM25 length factor of each field-norm id, as tantivy caches it.
    this.cache = meta.tokens.map(function (tokens) {
      var avg = f32(f32(tokens) / N);
      return meta.norm_table.map(function (fieldnorm) {
        return f32(K1 * f32(f32(1 - B) + f32(f32(B * f32(fieldnorm)) / avg)));
      });
    });
  }

  Engine.prototype.fetchBytes = function (name) {
    return this.get(this.base + name).then(function (r) {
      if (!r.ok) throw new Error("search: cannot load " + name + " (" + r.status + ")");
      return r.arrayBuffer();
    }).then(function (b) { return new Uint8Array(b); });
  };

  Engine.prototype.chunk = function (i) {
    if (!this.chunks.has(i)) this.chunks.set(i, this.fetchBytes("t/" + i + ".bin").then(parseChunk));
    return this.chunks.get(i);
  };

  // The chunk that may hold `term`, and with `prefix` every chunk that may hold a term
  // beginning with it.
  Engine.prototype.chunksFor = function (term, prefix) {
    var firsts = this.meta.chunks, lo = 0, hi = firsts.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (compare(firsts[mid], term) <= 0) lo = mid; else hi = mid - 1;
    }
    var out = [lo];
    if (prefix) {
      for (var i = lo + 1; i < firsts.length && firsts[i].startsWith(prefix); i++) out.push(i);
    }
    return out;
  };

  Engine.prototype.loadNorms = function () {
    if (!this.norms) this.norms = this.fetchBytes("norms.bin");
    return this.norms;
  };

  // The filter columns: only needed for facet counts and filters, so fetched after the
  // first results are shown.
  Engine.prototype.loadFacets = function () {
    var self = this;
    if (!this.facetColumns) {
      this.facetColumns = this.fetchBytes("facets.bin").then(function (b) {
        var n = self.meta.docs, at = 0, facets = {};
        self.meta.facets.forEach(function (facet) {
          var col = new Uint16Array(n);
          for (var d = 0; d < n; d++) col[d] = facet.width === 2 ? b[at + 2 * d] | (b[at + 2 * d + 1] << 8) : b[at + d];
          at += n * facet.width;
          facets[facet.name] = col;
        });
        return facets;
      });
    }
    return this.facetColumns;
  };

  Engine.prototype.loadDates = function () {
    if (!this.dates) {
      this.dates = this.fetchBytes("dates.bin").then(function (b) {
        return new Uint16Array(b.buffer, b.byteOffset, b.length >> 1);
      });
    }
    return this.dates;
  };

  // The chunks `ids`, loaded.
  Engine.prototype.chunksOf = function (ids) {
    var self = this;
    return Promise.all(ids.map(function (id) { return self.chunk(id); }));
  };

  // The most frequent terms of `chunks` that begin with `typed`, but `except`.
  function beginning(meta, chunks, typed, except) {
    var found = [];
    chunks.forEach(function (c) {
      c.terms.forEach(function (t) {
        if (t !== except && t.startsWith(typed)) {
          var p = c.postings.get(t);
          found.push([t, p[0].docs.length + p[1].docs.length + p[2].docs.length + p[3].docs.length]);
        }
      });
    });
    found.sort(function (a, b) { return b[1] - a[1] || compare(a[0], b[0]); });
    return found.slice(0, meta.max_expansions).map(function (x) { return x[0]; });
  }

  // The number of edits (a letter added, removed, changed, or two swapped) between the
  // letters `a` and `b`, or null when it is more than `most` (as `edits` in mod.rs).
  function edits(a, b, most) {
    var before = [], last = [], i, j;
    for (j = 0; j <= b.length; j++) last.push(j);
    for (i = 1; i <= a.length; i++) {
      var row = [i], least = i;
      for (j = 1; j <= b.length; j++) {
        var v = Math.min(last[j] + 1, row[j - 1] + 1, last[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, before[j - 2] + 1);
        row.push(v);
        if (v < least) least = v;
      }
      if (least > most) return null;
      before = last;
      last = row;
    }
    return last[b.length] <= most ? last[b.length] : null;
  }

  Engine.prototype.wordFile = function (i) {
    var self = this;
    if (!this.wordFiles) this.wordFiles = new Map();
    if (!this.wordFiles.has(i)) {
      this.wordFiles.set(i, this.get(this.base + "w/" + i + ".json").then(function (r) {
        if (!r.ok) throw new Error("search: cannot load words " + i);
        return r.json();
      }));
    }
    return self.wordFiles.get(i);
  };

  // The word of the pages nearest to `term`: [its term, the word], or null. It begins with
  // the same letter and is at most one edit away (two for a long word); the fewest edits
  // first, then the one on the most pages, then the first in byte order.
  Engine.prototype.nearest = function (term) {
    var meta = this.meta, letters = Array.from(term), first = letters[0], at = -1;
    if (first === undefined || !meta.words) return Promise.resolve(null);
    meta.words.forEach(function (f, i) { if (compare(f, first) <= 0) at = i; });
    if (at < 0) return Promise.resolve(null);
    var most = letters.length >= meta.long_word ? 2 : 1;
    return this.wordFile(at).then(function (words) {
      var best = null;
      words.forEach(function (e) {
        if (!e[0].startsWith(first)) return;
        var other = Array.from(e[0]);
        if (Math.abs(other.length - letters.length) > most) return;
        var d = edits(letters, other, most);
        if (d === null) return;
        if (!best || d < best[0] || (d === best[0] && (e[2] > best[1] || (e[2] === best[1] && compare(e[0], best[2]) < 0)))) {
          best = [d, e[2], e[0], e[1]];
        }
      });
      return best ? [best[2], best[3]] : null;
    });
  };

  // `q` with each word whose term `meant` has written as the word meant.
  function rewritten(meta, q, meant) {
    return q.replace(WORD, function (word) {
      var t = analyze(meta, word);
      return t.length === 1 && meant.has(t[0]) ? meant.get(t[0]) : word;
    }).trim();
  }

  // The words of a query as index terms; the last one, while typed, also stands for the
  // most frequent terms that begin with it as typed (folded, not stemmed). A word whose term
  // no page has stands for the terms that begin with it as typed; when there are none, for
  // the nearest word of the pages (`meant` maps its term to that word); else for the longest
  // term that begins it (as `query_terms` in src/search/mod.rs). → {clauses, meant}
  Engine.prototype.queryTerms = function (q, prefix) {
    var self = this, meta = this.meta, meant = new Map();
    var words = [], typedWords = [];
    (q.match(WORD) || []).forEach(function (word) {
      var t = analyze(meta, word);
      if (t.length === 1 && words.indexOf(t[0]) < 0) {
        words.push(t[0]);
        typedWords.push(fold(lower(word)));
      }
    });
    var typed = null, typedTerm = null;
    if (prefix && ENDS_IN_WORD.test(q)) {
      var tail = q.match(/[\p{Alphabetic}\p{N}]+$/u)[0];
      var t = analyze(meta, tail);
      if (t.length === 1 && chars(fold(lower(tail))) >= meta.min_prefix) {
        typed = fold(lower(tail));
        typedTerm = t[0];
      }
    }
    return Promise.all(words.map(function (w, k) {
      var expand = w === typedTerm;
      var ids = self.chunksFor(w, null);
      if (expand) self.chunksFor(typed, typed).forEach(function (id) { if (ids.indexOf(id) < 0) ids.push(id); });
      var postings = new Map();
      var keep = function (chunks) {
        chunks.forEach(function (c) { c.postings.forEach(function (p, t) { postings.set(t, p); }); });
        return chunks;
      };
      return self.chunksOf(ids).then(keep).then(function (chunks) {
        var texts = [w].concat(expand ? beginning(meta, chunks, typed, w) : []);
        var word = typedWords[k];
        if (texts.length > 1 || postings.has(w) || chars(word) < meta.min_prefix) return texts;
        // A word no page has: the words it begins, else the word meant, else the longest
        // word that begins it.
        return self.chunksOf(self.chunksFor(word, word)).then(keep).then(function (chunks) {
          var more = beginning(meta, chunks, word, w);
          if (more.length) return texts.concat(more);
          return self.nearest(w).then(function (near) {
            if (!near) return longest();
            meant.set(w, near[1]);
            return self.chunksOf(self.chunksFor(near[0], null)).then(keep).then(function () {
              return texts.concat([near[0]]);
            });
          });
        });
        function longest() {
          var heads = [], letters = Array.from(word);
          for (var n = letters.length; n >= meta.min_prefix; n--) heads.push(letters.slice(0, n).join(""));
          var need = [];
          heads.forEach(function (h) { self.chunksFor(h, null).forEach(function (id) { if (need.indexOf(id) < 0) need.push(id); }); });
          return self.chunksOf(need).then(keep).then(function () {
            var found = heads.filter(function (h) { return postings.has(h); })[0];
            return found === undefined ? texts : texts.concat([found]);
          });
        }
      }).then(function (texts) {
        return { texts: texts, postings: texts.map(function (t) { return postings.get(t) || null; }) };
      });
    })).then(function (clauses) { return { clauses: clauses, meant: meant }; });
  };

  // Scores of every document that matches one clause: any of its terms, in any field.
  Engine.prototype.clauseScores = function (clause, norms) {
    var meta = this.meta, N = meta.docs, scores = new Map();
    for (var k = 0; k < clause.postings.length; k++) {
      var fields = clause.postings[k];
      if (!fields) continue;
      for (var f = 0; f < 4; f++) {
        var p = fields[f], df = p.docs.length;
        if (!df) continue;
        var x = f32(f32(f32(N - df) + 0.5) / f32(f32(df) + 0.5));
        var idf = f32(Math.log(f32(1 + x)));
        var weight = f32(idf * f32(1 + K1));
        var boost = f32(meta.boosts[f]), cache = this.cache[f], base = this.normAt[f] * N;
        for (var d = 0; d < df; d++) {
          var doc = p.docs[d], tf = f32(p.tfs[d]);
          var norm = base < 0 ? cache[1] : cache[norms[base + doc]];
          var s = f32(f32(weight * f32(tf / f32(tf + norm))) * boost);
          scores.set(doc, f32((scores.get(doc) || 0) + s));
        }
      }
    }
    return scores;
  };

  Engine.prototype.match = function (clauses, norms, any) {
    var self = this;
    var per = clauses.map(function (c) { return self.clauseScores(c, norms); });
    var total = new Map();
    per.forEach(function (scores) {
      scores.forEach(function (s, doc) { total.set(doc, f32((total.get(doc) || 0) + s)); });
    });
    var out = [];
    total.forEach(function (s, doc) {
      if (any || per.every(function (m) { return m.has(doc); })) out.push([doc, s]);
    });
    return out;
  };

  // Bytes [start, end) of the file `name`, by a range request. A server that does not send
  // parts sends the whole file: it is kept, and the parts are cut from it.
  Engine.prototype.range = function (name, start, end) {
    var self = this;
    var cut = function (b) { return b.subarray(start, end); };
    if (this.whole.has(name)) return this.whole.get(name).then(cut);
    return this.get(this.base + name, { headers: { Range: "bytes=" + start + "-" + (end - 1) } }).then(function (r) {
      if (!r.ok) throw new Error("search: cannot load " + name + " (" + r.status + ")");
      var bytes = r.arrayBuffer().then(function (b) { return new Uint8Array(b); });
      if (r.status === 206) return bytes;
      self.whole.set(name, bytes);
      return bytes.then(cut);
    });
  };

  // A page's card, and its text: {card, text: the start of its text, rest: () → the whole
  // text}. Its slot in slots.bin says where its record is in pages.bin (see export.rs).
  Engine.prototype.page = function (doc) {
    var self = this;
    if (!this.pages.has(doc)) {
      this.pages.set(doc, this.range("slots.bin", doc * SLOT, doc * SLOT + SLOT).then(function (s) {
        var v = new DataView(s.buffer, s.byteOffset, s.length);
        var at = v.getUint32(0, true), length = v.getUint32(4, true), rest = v.getUint32(8, true);
        return self.range("pages.bin", at, at + length).then(inflate).then(function (json) {
          var card = JSON.parse(json), whole = null;
          return {
            card: card,
            text: card[8],
            complete: rest === 0,
            rest: function () {
              if (!whole) {
                whole = self.range("pages.bin", at + length, at + length + rest).then(inflate)
                  .then(function (t) { return card[8] + t; });
              }
              return whole;
            }
          };
        });
      }));
    }
    return this.pages.get(doc);
  };

  // The passage of `page` where the words of `clauses` are, as excerpt.rs finds it: from the
  // start of its text when the best passage there is sure to be the best of all (it has every
  // word and ends before the start does), else from the whole text; from the summary when
  // the text has none of the words.
  Engine.prototype.passage = function (page, clauses, match) {
    var self = this, card = page.card;
    if (!clauses.length) return Promise.resolve(null);
    var from = function (source) {
      if (!self.lists.has(source)) self.lists.set(source, wordsOf(source));
      return excerpt(source, self.lists.get(source), match);
    };
    var summary = function () {
      var e = from(card[7] === null ? card[3] : card[7]);
      return e && e.pieces;
    };
    var head = from(page.text);
    if (head && (page.complete || (head.found === clauses.length && head.first + EXCERPT_WORDS < head.words))) {
      return Promise.resolve(head.pieces);
    }
    if (page.complete) return Promise.resolve(summary());
    return page.rest().then(function (text) {
      var e = from(text);
      return e ? e.pieces : summary();
    });
  };

  /** Values of a facet in display order: [[key, label], …]. */
  Engine.prototype.facetValues = function (name) {
    var f = this.meta.facets.filter(function (x) { return x.name === name; })[0];
    return f ? f.values : [];
  };

  /** {q, prefix, filters: {facet: key}, sort: "relevance"|"date", limit, facets} → the
   * answer, in the shape of `nyttig search --json`. With `facets: false` (and no filter) the
   * filter columns are not fetched and `facets` is null: for showing results first. */
  Engine.prototype.search = function (query) {
    var self = this, meta = this.meta;
    var filters = query.filters || {}, limit = query.limit || 10;
    var wanted = meta.facets.map(function (f) {
      var key = filters[f.name];
      if (key === undefined || key === null || key === "") return null;
      var at = f.values.findIndex(function (v) { return v[0] === String(key); });
      return at < 0 ? 65535 : at + 1;
    });
    var needFacets = query.facets !== false || wanted.some(function (w) { return w !== null; });
    return Promise.all([this.queryTerms(query.q || "", !!query.prefix), this.loadNorms(),
      needFacets ? this.loadFacets() : null, query.sort === "date" ? this.loadDates() : null]).then(function (loaded) {
      var clauses = loaded[0].clauses, meant = loaded[0].meant, norms = loaded[1], cols = loaded[2], dates = loaded[3];
      var found = clauses.length ? self.match(clauses, norms, false) : [];
      var fallback = false;
      if (!found.length && clauses.length > 1) {
        found = self.match(clauses, norms, true);
        fallback = found.length > 0;
      }
      function passes(doc, except) {
        for (var f = 0; f < wanted.length; f++) {
          if (f !== except && wanted[f] !== null && cols[meta.facets[f].name][doc] !== wanted[f]) return false;
        }
        return true;
      }
      var facets = null;
      if (cols) {
        facets = {};
        meta.facets.forEach(function (f, fi) {
          var col = cols[f.name], counts = new Array(f.values.length + 1).fill(0);
          found.forEach(function (h) { if (passes(h[0], fi)) counts[col[h[0]]]++; });
          facets[f.name] = [];
          f.values.forEach(function (v, vi) { if (counts[vi + 1]) facets[f.name].push([v[0], counts[vi + 1]]); });
        });
      }
      var hits = found.filter(function (h) { return passes(h[0], -1); });
      var byScore = function (a, b) { return b[1] - a[1] || a[0] - b[0]; };
      hits.sort(dates ? function (a, b) { return dates[b[0]] - dates[a[0]] || byScore(a, b); } : byScore);
      var top = hits.slice(0, limit);
      var match = matcher(meta, self.known, clauses);
      var shown = top.map(function (h) {
        return self.page(h[0]).then(function (page) {
          return self.passage(page, clauses, match).then(function (pieces) { return [page.card, pieces]; });
        });
      });
      return Promise.all(shown).then(function (cards) {
        return {
          terms: clauses.map(function (c) { return c.texts; }),
          fallback: fallback,
          instead: meant.size ? rewritten(meta, query.q || "", meant) : null,
          total: hits.length,
          hits: top.map(function (h, i) {
            var c = cards[i][0];
            var url = c[1] === null ? c[0] : c[0] + slugify(c[2]) + c[1];
            return { doc: h[0], score: h[1], url: url, title: c[2], summary: c[3], date: c[4], type: c[5], phase: c[6],
              excerpt: cards[i][1] };
          }),
          facets: facets
        };
      });
    });
  };

  var NyttigSearch = {
    /** Opens the index in the folder `indexUrl` (ending in "/"); `get` defaults to fetch. */
    open: function (indexUrl, get) {
      get = get || function (url) { return root.fetch(url); };
      return get(indexUrl + "meta.json").then(function (r) {
        if (!r.ok) throw new Error("search: cannot load the index (" + r.status + ")");
        return r.json();
      }).then(function (meta) { return new Engine(indexUrl, meta, get); });
    },
    analyze: function (meta, q) { return analyze({ stop: meta.stop, stopSet: new Set(meta.stop), stemmer: meta.stemmer }, q); },
    fold: fold
  };
  root.NyttigSearch = NyttigSearch;
  if (typeof module !== "undefined" && module.exports) module.exports = NyttigSearch;
})(typeof globalThis !== "undefined" ? globalThis : this);
