// Validates a JSON file against a JSON Schema (2020-12) with Ajv and its formats.
// usage: node tests/opendata/validate.js SCHEMA DATA
// Prints "valid", or the errors and exits 1.
"use strict";
const fs = require("fs");
const Ajv2020 = require("ajv/dist/2020");
const addFormats = require("ajv-formats");

const [schemaPath, dataPath] = process.argv.slice(2);
const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats(ajv);
const validate = ajv.compile(JSON.parse(fs.readFileSync(schemaPath, "utf8")));
if (validate(JSON.parse(fs.readFileSync(dataPath, "utf8")))) {
  console.log("valid");
} else {
  console.log(JSON.stringify(validate.errors, null, 2));
  process.exit(1);
}
