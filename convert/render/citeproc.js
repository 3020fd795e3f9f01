// citeproc-js, the reference CSL processor, as a line-oriented filter for convert/render/citeproc.py.
// Each line on stdin is {"style": path, "locale": "ru-RU", "dir": folder of locales-*.xml, "item": CSL-JSON};
// each line on stdout is {"html": …, "text": …} (the bibliography entry) or {"error": …}.
// One engine per style and locale, reused: building an engine costs ~0.4 s, an entry a few ms.
"use strict";
const fs = require("fs");
const path = require("path");
const readline = require("readline");
const CSL = require("citeproc");

const engines = new Map();
const styles = new Map();
let current = null; // the item of the request being formatted
let served = 0; // each request's item gets an id of its own: engines keep items by id

function engine(stylePath, locale, dir) {
  const key = stylePath + "\n" + locale;
  if (!engines.has(key)) {
    if (!styles.has(stylePath)) styles.set(stylePath, fs.readFileSync(stylePath, "utf8"));
    const sys = {
      retrieveItem: () => current,
      retrieveLocale: (lang) => {
        const file = path.join(dir, `locales-${lang}.xml`);
        return fs.existsSync(file) ? fs.readFileSync(file, "utf8") : false;
      },
    };
    // forceLang: the locale asked for wins over the style's default-locale (GOST's is ru-RU)
    engines.set(key, new CSL.Engine(sys, styles.get(stylePath), locale, true));
  }
  return engines.get(key);
}

function entry(eng, format) {
  eng.setOutputFormat(format);
  eng.updateItems([current.id]);
  const [, entries] = eng.makeBibliography();
  return entries.join("").trim();
}

const lines = readline.createInterface({ input: process.stdin, terminal: false });
lines.on("line", (line) => {
  let out;
  try {
    const req = JSON.parse(line);
    served += 1;
    current = Object.assign({}, req.item, { id: "item-" + served });
    const eng = engine(req.style, req.locale, req.dir);
    out = { html: entry(eng, "html"), text: entry(eng, "text") };
  } catch (err) {
    out = { error: String(err && err.stack || err) };
  }
  process.stdout.write(JSON.stringify(out) + "\n");
});
