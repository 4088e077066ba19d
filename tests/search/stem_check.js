#!/usr/bin/env node
// Checks nyttig's browser stemmers (stem.js, and stem-en.js, which adds
// English to it) against reference stems.
// stdin: JSON array of [word, lang, expected_stem] (e.g. produced with
// tantivy/frostem). Prints a summary, the words per language and up to 20
// mismatches; exits 1 on any mismatch or on empty input.
"use strict";
const path = require("path");
const client = path.join(__dirname, "../../themes/default/static/nyttig-search");
const { nyttigStem } = require(path.join(client, "stem.js"));
require(path.join(client, "stem-en.js"));

const chunks = [];
process.stdin.on("data", (c) => chunks.push(c));
process.stdin.on("end", () => {
  const text = Buffer.concat(chunks).toString("utf8").trim();
  const cases = text ? JSON.parse(text) : [];
  const bad = [];
  const perLang = new Map();
  for (const [word, lang, expected] of cases) {
    const got = nyttigStem(word, lang);
    const [n, wrong] = perLang.get(lang) || [0, 0];
    perLang.set(lang, [n + 1, wrong + (got !== expected)]);
    if (got !== expected) bad.push([word, lang, expected, got]);
  }
  console.log(`stem_check: ${cases.length} words, ${bad.length} mismatches`);
  for (const [lang, [n, wrong]] of perLang) console.log(`${lang}: ${n} words, ${wrong} mismatches`);
  for (const b of bad.slice(0, 20)) console.log(b.join(" "));
  if (cases.length === 0) console.log("stem_check: empty input");
  process.exitCode = cases.length === 0 || bad.length > 0 ? 1 : 0;
});
