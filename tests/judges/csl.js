// citeproc-js (npm `citeproc`) renders CSL-JSON files into bibliography
// entries, for tests/integration/cite.rs:
//
//     node csl.js STYLE.csl LOCALE.xml cite.json…
//
// prints a JSON array: per file, the plain-text bibliography entry. A
// file citeproc-js cannot read exits with status 1.
"use strict";
const fs = require("fs");
const CSL = require("citeproc");

const [style, locale, ...files] = process.argv.slice(2);
const styleXml = fs.readFileSync(style, "utf8");
const localeXml = fs.readFileSync(locale, "utf8");
const out = [];
for (const file of files) {
  const items = JSON.parse(fs.readFileSync(file, "utf8"));
  if (!Array.isArray(items) || items.length !== 1) {
    console.error(`${file}: expected an array of one item`);
    process.exit(1);
  }
  const byId = Object.fromEntries(items.map((i) => [i.id, i]));
  const sys = {
    retrieveLocale: () => localeXml,
    retrieveItem: (id) => byId[id],
  };
  const engine = new CSL.Engine(sys, styleXml, "en-US");
  engine.updateItems(Object.keys(byId));
  engine.setOutputFormat("text");
  const [meta, entries] = engine.makeBibliography();
  if (meta.bibliography_errors && meta.bibliography_errors.length) {
    console.error(`${file}: ${JSON.stringify(meta.bibliography_errors)}`);
    process.exit(1);
  }
  out.push({ file, type: items[0].type, entry: entries.join("").trim() });
}
process.stdout.write(JSON.stringify(out));
