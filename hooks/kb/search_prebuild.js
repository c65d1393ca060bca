// Build the search index at build time with the shipped worker's own code (one tokeniser for
// the index and the queries): node search_prebuild.js <kb-search.js> <in.json> <out.js> ...
// Each in.json is one language's index ({config, docs}); each out.js gets
// "var __kbIndex = JSON.parse('{...}');", the prebuilt postings the worker loads as it starts.
"use strict";
const fs = require("fs");
const vm = require("vm");

const [worker, ...pairs] = process.argv.slice(2);
const code = fs.readFileSync(worker, "utf8");
for (let i = 0; i + 1 < pairs.length; i += 2) {
  // A fresh context per language: the worker keeps the Latin words it has stemmed.
  const sandbox = { console };
  sandbox.self = sandbox;
  vm.createContext(sandbox);
  vm.runInContext(code, sandbox, { filename: worker });
  const index = JSON.parse(fs.readFileSync(pairs[i], "utf8"));
  const built = sandbox.kbSearch.build(index);
  // JSON.parse of one string literal is faster for a browser than an object literal as big.
  const json = JSON.stringify(built);
  const literal = "'" + json.replace(/\\/g, "\\\\").replace(/'/g, "\\'").replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029") + "'";
  fs.writeFileSync(pairs[i + 1], "var __kbIndex = JSON.parse(" + literal + ");\n");
}
