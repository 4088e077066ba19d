/* nyttig search: English stemmer, loaded by English portals only.
 *
 * Hand-written port of Snowball's english.sbl (Porter2) exactly as
 * generated (Snowball 3.1.1) in the Rust crate frostem 1.20260821.8, which
 * tantivy 0.27 uses at build time; query terms must stem identically.
 * Snowball (https://snowballstem.org/) is BSD 3-clause licensed: Copyright
 * (c) 2001 Dr Martin Porter, (c) 2004,2005 Richard Boulton, (c) 2013 Yoshiki
 * Shibukawa, (c) 2006-2025 Olly Betts. All rights reserved.
 */
// (The build keeps the block above in the served file, and leaves out these
// notes.)
//
// Positions are UTF-16 indices. Every suffix, grouping and replacement is
// ASCII, so the suffixes and regions line up with Snowball's; where Snowball
// counts or steps over single chars (three chars at least, two before -ies,
// the short syllable, y after a non-vowel) the regexes use the u flag, which
// takes a surrogate pair as one char.
//
// Classic script, loaded after stem.js: adds "english" to the stemmers of
// nyttigStem(word, lang); input must already be lowercased.
(function () {
  "use strict";

  // Suffix table: {replacement: "suffix suffix ..."} -> lookup by suffix.
  function table(groups) {
    var map = Object.create(null), max = 0;
    Object.keys(groups).forEach(function (rep) {
      groups[rep].split(" ").forEach(function (s) {
        map[s] = rep;
        if (s.length > max) max = s.length;
      });
    });
    return { map: map, max: max };
  }

  // Snowball find_among_b: the longest suffix of s in the table. Returns
  // [replacement, suffixLength] or null.
  function among(t, s) {
    for (var len = Math.min(t.max, s.length); len > 0; len--) {
      var rep = t.map[s.slice(s.length - len)];
      if (rep !== undefined) return [rep, len];
    }
    return null;
  }

  // exception1: whole words with a stem of their own (some left as they are).
  var EXCEPTIONS = Object.assign(Object.create(null), {
    skis: "ski", skies: "sky", idly: "idl", gently: "gentl", ugly: "ugli",
    early: "earli", only: "onli", singly: "singl", sky: "sky", news: "news",
    howe: "howe", atlas: "atlas", cosmos: "cosmos", bias: "bias", andes: "andes"
  });

  // Words that begin so have R1 right after the beginning.
  var R1_AFTER = /^(gener|commun|arsen|past|univers|later|emerg|organ|inter)/;
  // A vowel and the non-vowel after it: R1 and R2 start after the first.
  var VC = /[aeiouy][^aeiouy]/u;
  // shortv: the string ends in a short syllable (or in "past").
  var SHORTV = /[^aeiouy][aeiouy][^aeiouywxY]$|^[aeiouy][^aeiouy]$|past$/u;

  var STEP1B = table({ ee: "eed eedly", "": "ed edly ing ingly" });
  var STEP2 = table({
    tion: "tional", ence: "enci", ance: "anci", able: "abli", ent: "entli",
    ize: "izer ization", ate: "ational ation ator", al: "alism aliti alli",
    ful: "fulness fulli", ous: "ousli ousness", ive: "iveness iviti",
    ble: "biliti bli", og: "ogist ogi", less: "lessli", "": "li"
  });
  var STEP3 = table({
    tion: "tional", ate: "ational", al: "alize", ic: "icate iciti ical",
    "": "ful ness ative"
  });
  var STEP4 = table({
    "": "al ance ence er ic able ible ant ement ment ent ism ate iti ous ive " +
      "ize ion"
  });

  // The index after the first vowel and non-vowel from `from` on, or the
  // length of s when there is none.
  function region(s, from) {
    var m = VC.exec(s.slice(from));
    return m ? from + m.index + m[0].length : s.length;
  }

  function english(w) {
    if (EXCEPTIONS[w] !== undefined) return EXCEPTIONS[w];
    if (Array.from(w).length < 3) return w;
    // prelude: a leading apostrophe goes; y at the start or after a vowel is
    // a consonant, Y (made y again at the end).
    var s = w.replace(/^'/, "");
    var t = s.replace(/^y/, "Y").replace(/([aeiouy])y/g, "$1Y");
    var yFound = t !== s, m, n;
    s = t;
    // mark_regions
    m = R1_AFTER.exec(s);
    var p1 = m ? m[0].length : region(s, 0);
    var p2 = region(s, p1);

    // Step_1a: possessives, then plurals.
    s = s.replace(/'(s'?)?$/, "");
    if (/sses$/.test(s)) {
      s = s.slice(0, -2);
    } else if (/ie[ds]$/.test(s)) {
      s = s.slice(0, -3) + (Array.from(s).length > 4 ? "i" : "ie");
    } else if (/[aeiouy][^]*[^su]s$/u.test(s)) {
      // s, not after s or u, with a vowel before the char before it.
      s = s.slice(0, -1);
    }

    // Step_1b
    m = among(STEP1B, s);
    if (m) {
      n = s.length - m[1];
      t = s.slice(0, n);
      var ing = s.slice(n) === "ing";
      if (m[0]) {
        // eed, eedly: ee in R1, but not in proceed, succeed, exceed.
        if (n >= p1 && !/^(proc|succ|exc)$/.test(t)) s = t + "ee";
      } else if (ing && /^[^aeiouy]y$/u.test(t)) {
        // dying, lying
        s = t.slice(0, -1) + "ie";
      } else if (!(ing && /^(even|cann|inn|earr|herr|out)$/.test(t)) &&
          /[aeiouy]/.test(t)) {
        s = t;
        if (/(at|bl|iz)$/.test(s)) {
          s += "e";
        } else if (/(bb|dd|ff|gg|mm|nn|pp|rr|tt)$/.test(s)) {
          if (!/^[aeo]..$/.test(s)) s = s.slice(0, -1);
        } else if (n === p1 && SHORTV.test(s)) {
          s += "e";
        }
      }
    }

    // Step_1c: y after a non-vowel that is not the first char becomes i.
    s = s.replace(/([^][^aeiouy])[yY]$/u, "$1i");

    // Step_2, in R1.
    m = among(STEP2, s);
    if (m && (n = s.length - m[1]) >= p1) {
      t = s.slice(0, n);
      var suffix = s.slice(n);
      if (suffix === "ogi" ? /l$/.test(t) : suffix !== "li" || /[cdeghkmnrt]$/.test(t)) {
        s = t + m[0];
      }
    }

    // Step_3, in R1; ative in R2.
    m = among(STEP3, s);
    if (m && (n = s.length - m[1]) >= p1 && (s.slice(n) !== "ative" || n >= p2)) {
      s = s.slice(0, n) + m[0];
    }

    // Step_4, in R2; ion after s or t.
    m = among(STEP4, s);
    if (m && (n = s.length - m[1]) >= p2 &&
        (s.slice(n) !== "ion" || /[st]$/.test(s.slice(0, n)))) {
      s = s.slice(0, n);
    }

    // Step_5: e in R2, or in R1 after no short syllable; ll in R2.
    n = s.length - 1;
    if (/e$/.test(s) && (n >= p2 || (n >= p1 && !SHORTV.test(s.slice(0, n))))) {
      s = s.slice(0, n);
    } else if (/ll$/.test(s) && n >= p2) {
      s = s.slice(0, n);
    }

    return yFound ? s.replace(/Y/g, "y") : s;
  }

  var stem = globalThis.nyttigStem ||
    (typeof require === "function" ? require("./stem.js").nyttigStem : null);
  if (stem) stem.stemmers.english = english;
  if (typeof module !== "undefined" && module.exports) {
    module.exports = { english: english };
  }
})();
