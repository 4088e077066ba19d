/* nyttig search: Danish and Norwegian stemmers.
 *
 * Hand-written port of Snowball's danish.sbl and norwegian.sbl exactly as
 * generated (Snowball 3.1.1) in the Rust crate frostem 1.20260821.8, which
 * tantivy 0.27 uses at build time; query terms must stem identically.
 * Snowball (https://snowballstem.org/) is BSD 3-clause licensed: Copyright
 * (c) 2001 Dr Martin Porter, (c) 2004,2005 Richard Boulton, (c) 2013 Yoshiki
 * Shibukawa, (c) 2006-2025 Olly Betts. All rights reserved.
 */
// (The build keeps the block above in the served file, and leaves out these
// notes.)
//
// Positions are UTF-16 indices. Snowball moves by whole code points; only
// the forward region scan can step over arbitrary characters, so it steps
// over surrogate pairs as one char. Every suffix, grouping and deletion in
// the backward pass is ASCII or BMP, where unit == char.
//
// Classic script: defines globalThis.nyttigStem(word, lang) for lang
// "danish" or "norwegian"; input must already be lowercased. Other
// languages' stemmers (stem-en.js) add themselves to nyttigStem.stemmers.
(function () {
  "use strict";

  // Among table: {action: "suffix suffix ..."} -> lookup by suffix.
  function table(groups) {
    var map = Object.create(null), max = 0;
    Object.keys(groups).forEach(function (act) {
      groups[act].split(" ").forEach(function (s) {
        map[s] = +act;
        if (s.length > max) max = s.length;
      });
    });
    return { map: map, max: max };
  }

  // Snowball find_among_b: longest suffix of s in the table that starts at
  // or after lb. Returns [action, suffixLength] or null.
  function among(t, s, lb) {
    for (var len = Math.min(t.max, s.length - lb); len >= 0; len--) {
      var act = t.map[s.slice(s.length - len)];
      if (act !== undefined) return [act, len];
    }
    return null;
  }

  function has(group, ch) {
    return ch !== undefined && group.indexOf(ch) >= 0;
  }

  // Index after the char starting at i (skips a surrogate pair whole).
  function nextChar(s, i) {
    return i + (s.codePointAt(i) > 0xffff ? 2 : 1);
  }

  // Groupings (decoded from the generated bitsets).
  var V_DA = "aeiouyåæø";
  var V_NO = "aeiouyåæêòóôø";
  var S_ENDING_DA = "'abcdfghjklmnoprtvyzå";
  var S_ENDING_NO = "bcdfghjlmnoptvyz";
  var UNDOUBLE_DA = "bdfgklmnprst";

  var DA_MAIN = table({
    1: "hed ethed ered e erede ende erende ene erne ere en heden eren er " +
      "heder erer heds es endes erendes enes ernes eres ens hedens erens " +
      "ers ets erets et eret",
    2: "s"
  });
  var DA_PAIR = table({ 1: "gd dt gt kt" });
  var DA_OTHER = table({ 1: "ig lig elig els", 2: "løst" });

  // Before "ers"; the generated table also has "" -> 1 (no match = delete).
  var NO_ERS = table({
    1: "skap hav giv",
    0: "ind kk nk amm omm kap pp lt ast øst v"
  });
  var NO_MAIN = table({
    1: "a e ede ande ende ane ene hetene en heten ar er heter as es edes " +
      "endes enes hetenes ens hetens ets et het ast",
    2: "ers",
    3: "s",
    4: "erte ert"
  });
  var NO_PAIR = table({ 1: "dt vt" });
  var NO_OTHER = table({
    1: "leg eleg ig eig lig elig els lov elov slov hetslov"
  });

  // mark_regions: p1 is after the first apostrophe if there is one, else
  // after the first non-vowel that follows a vowel; at least 3 chars in.
  // Returns -1 when the word has fewer than 3 chars (left untouched).
  function region(w, V) {
    var n = w.length, p1 = n, i = w.indexOf("'");
    if (i >= 0) {
      p1 = i + 1;
    } else {
      i = 0;
      while (i < n && !has(V, w[i])) i++; // gopast v
      if (i < n) {
        i++;
        while (i < n && has(V, w[i])) i++; // gopast non-v
        if (i < n) p1 = nextChar(w, i);
      }
    }
    for (var hop = 0, k = 0; k < 3; k++) {
      if (hop >= n) return -1;
      hop = nextChar(w, hop);
    }
    return p1 < hop ? hop : p1;
  }

  function cut(s, len) {
    return s.slice(0, s.length - len);
  }

  function danish(w) {
    var p1 = region(w, V_DA);
    if (p1 < 0) return w;
    var s = w, m;
    // main_suffix
    m = among(DA_MAIN, s, p1);
    if (m && (m[0] === 1 || has(S_ENDING_DA, s[s.length - 2]))) s = cut(s, m[1]);
    // consonant_pair
    function pair() {
      if (among(DA_PAIR, s, p1)) s = cut(s, 1);
    }
    pair();
    // other_suffix
    if (s.slice(-4) === "igst") s = cut(s, 2);
    m = among(DA_OTHER, s, p1);
    if (m && m[0] === 1) {
      s = cut(s, m[1]);
      pair();
    } else if (m) {
      s = cut(s, 1); // løst -> løs
    }
    // undouble
    var n = s.length;
    if (n > p1 && n >= 2 && has(UNDOUBLE_DA, s[n - 1]) && s[n - 2] === s[n - 1]) {
      s = cut(s, 1);
    }
    return s.slice(-1) === "'" ? cut(s, 1) : s;
  }

  function norwegian(w) {
    var p1 = region(w, V_NO);
    if (p1 < 0) return w;
    var s = w, m, n;
    // main_suffix
    m = among(NO_MAIN, s, p1);
    if (m) {
      n = s.length - m[1]; // start of the suffix, n >= p1 >= 3
      var c1 = s[n - 1], c2 = s[n - 2];
      if (m[0] === 1) {
        s = cut(s, m[1]);
      } else if (m[0] === 2) {
        var e = among(NO_ERS, s.slice(0, n), 0);
        if (!e || e[0] === 1) s = cut(s, m[1]);
      } else if (m[0] === 3) {
        if (has(S_ENDING_NO, c1) || (c1 === "r" && c2 !== "e") ||
            (c1 === "k" && !has(V_NO, c2))) s = cut(s, m[1]);
      } else {
        s = cut(s, m[1]) + "er";
      }
    }
    // consonant_pair
    if (among(NO_PAIR, s, p1)) s = cut(s, 1);
    // other_suffix
    m = among(NO_OTHER, s, p1);
    if (m) s = cut(s, m[1]);
    return s.slice(-1) === "'" ? cut(s, 1) : s;
  }

  // The stemmers by the name meta.json gives ("stemmer"). Other languages'
  // stemmers add themselves to nyttigStem.stemmers (stem-en.js: "english").
  var stemmers = Object.create(null);
  stemmers.danish = danish;
  stemmers.norwegian = norwegian;

  function nyttigStem(word, lang) {
    var f = stemmers[lang];
    return f ? f(word) : word;
  }

  nyttigStem.stemmers = stemmers;
  globalThis.nyttigStem = nyttigStem;
  if (typeof module !== "undefined" && module.exports) {
    module.exports = { nyttigStem: nyttigStem };
  }
})();
