// The edition's search: loads only the index shards a query needs, as <script> files, so it works
// from file:// as well as served. Index format: hooks/search.py. No network, no framework.
(function () {
  "use strict";
  var self = document.currentScript;
  var root = self ? self.getAttribute("src").replace(/assets\/kzsearch\.js(\?.*)?$/, "") : "";
  var store = { manifest: {}, shard: {}, docs: {}, text: {} };
  var waiting = {};
  var state = { seq: 0 };

  window.__kzSearch = {
    load: function (kind, key, data) {
      store[kind][key] = data;
      var id = kind + ":" + key;
      (waiting[id] || []).forEach(function (resolve) { resolve(data); });
      delete waiting[id];
    }
  };

  function load(kind, key, file) {
    if (Object.prototype.hasOwnProperty.call(store[kind], key)) { return Promise.resolve(store[kind][key]); }
    var id = kind + ":" + key;
    return new Promise(function (resolve) {
      var first = !waiting[id];
      (waiting[id] = waiting[id] || []).push(resolve);
      if (!first) { return; }
      var s = document.createElement("script");
      s.src = root + "search/" + file;
      s.async = true;
      s.onload = function () { s.remove(); };  // its data is in the store: the element is not needed
      s.onerror = function () { s.remove(); window.__kzSearch.load(kind, key, null); };
      document.head.appendChild(s);
    });
  }

  function fold(text) { return text.toLowerCase().replace(/ё/g, "е"); }
  function words(text) { return fold(text).match(/[\p{L}\p{N}]+/gu) || []; }

  // the script-neutral key of a word (issue 21): the rule of convert/text/scriptfold.py, which the
  // manifest carries as data (fold: its regular expressions, then its letter table, then doubled letters
  // collapse), applied here in the same order so that the index's keys and the query's are one fold
  var folder = null, keyCache = {};
  function foldKey(word) {
    var m = store.manifest[""];
    if (!m || !m.fold) { return ""; }
    if (!folder) {
      folder = { rules: m.fold.rules.map(function (r) { return [new RegExp(r[0], "gu"), r[1]]; }), table: m.fold.table };
    }
    if (Object.prototype.hasOwnProperty.call(keyCache, word)) { return keyCache[word]; }
    var s = word.toLowerCase();
    folder.rules.forEach(function (r) { s = s.replace(r[0], r[1]); });
    var out = "";
    for (var c of s) { out += Object.prototype.hasOwnProperty.call(folder.table, c) ? folder.table[c] : c; }
    out = out.replace(/(.)\1+/gu, "$1");
    keyCache[word] = out;
    return out;
  }

  function queryLang(q) {
    if (/[әғқңөұүһі]/i.test(q)) { return "kk"; }
    if (/[äğıñöşūüç]/i.test(q)) { return "kk"; }  // the 2021 Kazakh Latin alphabet's own letters
    if (/[а-яё]/i.test(q)) { return "ru"; }
    if (/[a-z]/i.test(q)) { return "en"; }
    return document.documentElement.lang || "ru";
  }

  var VOICELESS = { "ғ": "қ", "г": "к", "б": "п" };

  // the stems a typed word stands for: the longest indexed stem it begins with (an inflected form) and,
  // at half weight, an indexed stem shorter by one or two vowels that it also begins with (Snowball
  // stems one word by its ending: Ассамблея → ассамбле, Ассамблеи → ассамбл) and the Kazakh stem whose
  // final қ/к/п the typed form voices before a vowel (ынтымақтастығы → ынтымақтастық); for the word
  // being typed, also stems that begin with it (a word not finished yet)
  function matchWord(word, shards, typing) {
    var byShard = {}, prefixes = [], more = [];
    shards.forEach(function (shard) { if (shard) { Object.keys(shard).forEach(function (s) { byShard[s] = shard[s]; }); } });
    Object.keys(byShard).forEach(function (stem) {
      if (word.indexOf(stem) === 0 && stem.length >= Math.min(word.length, 3)) { prefixes.push(stem); }
      if (typing && stem.length > word.length && stem.indexOf(word) === 0) { more.push(stem); }
    });
    for (var i = 4; i < word.length - 1; i++) {  // from the 5th letter: the variant is in the same shards
      var stem = word.slice(0, i) + (VOICELESS[word[i]] || "");
      if (stem.length > i && /[аәеиоөуұүыіэюя]/.test(word[i + 1]) && byShard[stem]) { prefixes.push(stem); }
    }
    prefixes.sort(function (a, b) { return b.length - a.length; });
    var stems = prefixes.filter(function (s, k) {
      return k === 0 || (s.length >= 4 && /^[аеиоуыэюяьйәөұүіaeiouy]{1,2}$/.test(prefixes[0].slice(s.length)));
    });
    var weights = stems.map(function (s, k) { return k === 0 ? 1 : 0.5; });
    more.sort(function (a, b) { return byShard[b].length - byShard[a].length; });
    more.slice(0, 12).forEach(function (s) { stems.push(s); weights.push(1); });
    var lists = stems.map(function (s) { return byShard[s]; });
    lists.stems = stems;
    lists.weights = weights;
    return lists;
  }

  // the keys a typed word's key stands for, in the key shards: the longest indexed key it begins with (of 3
  // letters at least: an inflected form, ғылымдарының → ғылым) and the others it begins with that keep at
  // least 60% of it (another script's stemmer cut the word shorter: Токаев → тока), and, from 4 letters on,
  // up to 12 keys that begin with it (a stem another stemmer left longer: тоқаевтың; or a word being typed),
  // the most common first
  function matchKey(key, shards, mark) {
    var byShard = {}, shorter = [], longer = [];
    shards.forEach(function (shard) { if (shard) { Object.keys(shard).forEach(function (s) { byShard[s] = shard[s]; }); } });
    var min = Math.max(3, Math.ceil(key.length * 0.6));
    Object.keys(byShard).forEach(function (entry) {
      var k = entry.slice(mark.length);
      if (key.indexOf(k) === 0 && k.length >= 3) { shorter.push(k); }
      if (key.length >= 4 && k.length > key.length && k.indexOf(key) === 0) { longer.push(k); }
    });
    shorter.sort(function (a, b) { return b.length - a.length; });
    shorter = shorter.filter(function (k, i) { return i === 0 || k.length >= min; });
    longer.sort(function (a, b) { return (byShard[mark + b].length - byShard[mark + a].length) || (a < b ? -1 : 1); });
    var keys = shorter.concat(longer.slice(0, 12));
    var lists = keys.map(function (k) { return byShard[mark + k]; });
    lists.keys = keys;
    return lists;
  }

  function shardsFor(word) {
    var m = store.manifest[""];
    if (!m) { return Promise.resolve([]); }
    var keys = m.shards.filter(function (k) { return word.indexOf(k) === 0 || (k.indexOf(word) === 0 && word.length >= 2); });
    return Promise.all(keys.map(function (k) { return load("shard", k, "s-" + m.files[k] + ".js"); }));
  }

  // the query's top 10: url, titles and the part of the text with the snippet; `current` (the search box's)
  // says whether the query is still the one typed, so that a superseded one loads no documents; `early`, if
  // given, gets the results with their titles before their snippet texts are in (text: null)
  var CROSS = 0.5;  // a match through the script-neutral key alone counts half of a match of the stem
  function latin(word) { return !/[\u0400-\u04ff]/.test(word); }

  function search(q, current, early) {
    var matched = [];  // the indexed stem each typed word matched: what the snippet highlights
    var matchedKeys = [];  // the script-neutral keys each typed word matched: the snippet highlights them too
    var ranks = {};  // doc → words matched by stem (exact), by stem or key in the script typed (own), at all
    var where = {};  // doc → the part of its text to load for the snippet
    var terms = words(q).filter(function (w) { return w.length >= 2; });
    if (!terms.length) { return Promise.resolve({ terms: [], stems: [], keys: [], results: [] }); }
    var typing = !/\s$/.test(q);
    return load("manifest", "", "manifest.js").then(function () {
      var mark = (store.manifest[""] || {}).keyMark;
      return Promise.all(terms.map(function (w, i) {
        var key = mark ? foldKey(w) : "";
        return Promise.all([shardsFor(w), key.length >= 3 ? shardsFor(mark + key) : Promise.resolve([])]).then(function (got) {
          return { stems: matchWord(w, got[0], typing && i === terms.length - 1), keys: matchKey(key, got[1], mark) };
        });
      }));
    }).then(function (perTerm) {
      // per document: the words matched by their stem (exact), by stem or by their key in the script typed
      // (own), at all (hits: by the key in the other script too), and the score; a word matched several
      // ways counts by the best
      var scores = {}, hits = {}, exact = {}, own = {};
      where = {};
      matched = [];
      matchedKeys = [];
      perTerm.forEach(function (term, t) {
        var lists = term.stems, typedLatin = latin(terms[t]);
        matched.push((lists.stems || [])[0] || "");
        matchedKeys.push(term.keys.keys);
        var seen = {}, same = {}, cross = {};
        lists.forEach(function (postings, k) {
          var weight = lists.weights ? lists.weights[k] : 1;
          postings.forEach(function (p) {
            if (!(p[0] in where)) { where[p[0]] = p[2] || 0; }  // the part where the first word first occurs
            if (!seen[p[0]] || seen[p[0]] < p[1] * weight) { seen[p[0]] = p[1] * weight; }
          });
        });
        term.keys.forEach(function (postings) {
          postings.forEach(function (p) {
            if (p[0] in seen) { return; }
            if (!(p[0] in where)) { where[p[0]] = p[2] || 0; }
            var into = (p[3] === 1) === typedLatin ? same : cross;  // p[3] = 1: the text writes it in Latin
            if (!into[p[0]] || into[p[0]] < p[1] * CROSS) { into[p[0]] = p[1] * CROSS; }
          });
        });
        Object.keys(seen).forEach(function (d) {
          scores[d] = (scores[d] || 0) + seen[d];
          hits[d] = (hits[d] || 0) + 1;
          exact[d] = (exact[d] || 0) + 1;
          own[d] = (own[d] || 0) + 1;
        });
        Object.keys(same).forEach(function (d) {
          if (d in seen) { return; }
          scores[d] = (scores[d] || 0) + same[d];
          hits[d] = (hits[d] || 0) + 1;
          own[d] = (own[d] || 0) + 1;
        });
        Object.keys(cross).forEach(function (d) {
          if (d in seen || d in same) { return; }
          scores[d] = (scores[d] || 0) + cross[d];
          hits[d] = (hits[d] || 0) + 1;
        });
      });
      // the documents with every word (by stem or key); when none has every word by its stem, also those
      // with the most words by their stem (the partial matches shown before cross-script matching); exact
      // matches first: by the number of words matched by stem, then in the script typed, then at all, then
      // by score
      var n = perTerm.length, docs = Object.keys(scores);
      var best = docs.reduce(function (m, d) { return Math.max(m, exact[d] || 0); }, 0);
      var all = docs.filter(function (d) { return hits[d] === n || (best < n && best > 0 && (exact[d] || 0) === best); });
      if (!all.length) { all = docs; }
      all.sort(function (a, b) {
        return ((exact[b] || 0) - (exact[a] || 0)) || ((own[b] || 0) - (own[a] || 0)) || (hits[b] - hits[a]) ||
          (scores[b] - scores[a]) || (a - b);
      });
      ranks = {};
      all.slice(0, 10).forEach(function (d) { ranks[d] = { exact: exact[d] || 0, own: own[d] || 0, words: hits[d] }; });
      return all.slice(0, 10).map(Number);
    }).then(function (ids) {
      if (current && !current()) { return null; }
      var per = store.manifest[""].table || 100;
      // the titles (tables of 20 documents) load first and are shown at once (`early`), then the snippets
      // fill in when their text parts are in
      var tables = Promise.all(ids.map(function (id) {
        var chunk = Math.floor(id / per);
        return load("docs", chunk, "d-" + chunk + ".js").then(function (rows) { return rows ? rows[id % per] : null; });
      }));
      // the texts are requested once the titles are in: served, the browser opens at most 6 connections to
      // a host, and the titles' tables must not queue behind the texts
      var texts = tables.then(function () {
        if (current && !current()) { return []; }
        return Promise.all(ids.map(function (id) {
          var part = id + "-" + where[id];
          return load("text", part, "t-" + part + ".js");
        }));
      });
      if (early) {
        tables.then(function (docs) {
          if (!current || current()) {
            early({ terms: terms, stems: matched, keys: matchedKeys, results: ids.map(function (id, i) { return { id: id, doc: docs[i], text: null }; }) });
          }
        });
      }
      return Promise.all([tables, texts]).then(function (got) {
        return ids.map(function (id, i) { return { id: id, doc: got[0][i], text: got[1][i] || [], match: ranks[id] }; });
      });
    }).then(function (results) { return results && { terms: terms, stems: matched, keys: matchedKeys, results: results }; });
  }

  function escapeHtml(s) {
    return s.replace(/[&<>"']/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]; });
  }

  // a stem as a pattern: ё where the stem has е, and a Kazakh final қ/к/п also as the ғ/г/б it becomes
  // before a vowel (the stem ынтымақтастық, the text ынтымақтастығы)
  var VOICED = { "қ": "[қғ]", "к": "[кг]", "п": "[пб]" };
  function stemPattern(s) {
    var body = s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/е/g, "[её]");
    var last = s.slice(-1);
    return VOICED[last] && /[\u0400-\u04ff]/.test(s) ? body.slice(0, -1) + VOICED[last] : body;
  }

  // the first word of a text whose script-neutral key begins with one of `keys`: its position, or -1
  function keyAt(text, keys) {
    var re = /[\p{L}\p{N}]+/gu, m;
    while ((m = re.exec(text)) !== null) {
      var k = foldKey(fold(m[0]));
      if (keys.some(function (key) { return k.indexOf(key) === 0; })) { return m.index; }
    }
    return -1;
  }

  // marks, in escaped HTML, the words (as the text writes them) whose key begins with one of `keys`: not
  // inside a tag or an entity, nor a word marked already
  function markKeys(marked, keys) {
    if (!keys.length) { return marked; }
    return marked.replace(/(^|[^\p{L}\p{N}&#<\/>])([\p{L}\p{N}]+)/gu, function (all, before, word) {
      var k = foldKey(fold(word));
      return keys.some(function (key) { return k.indexOf(key) === 0; }) ? before + "<mark>" + word + "</mark>" : all;
    });
  }

  function snippet(blocks, terms, matched, matchedKeys) {
    var keys = [].concat.apply([], matchedKeys || []);
    // highlight words that begin with the matched stem, or else with most of the typed word
    var stems = terms.map(function (t, i) {
      var m = matched && matched[i];
      if (m && m.length >= 3) { return /^[a-z]+i$/.test(m) ? m.slice(0, -1) : m; }  // Porter: rivalry → rivalri
      return t.slice(0, Math.max(3, Math.min(t.length, Math.ceil(t.length * 0.7))));
    });
    function piece(text, at) {
      var start = Math.max(0, at - 60), end = Math.min(text.length, at + 140);
      var marked = escapeHtml((start ? "…" : "") + text.slice(start, end) + (end < text.length ? "…" : ""));
      stems.forEach(function (s) {
        var re = new RegExp("(^|[^\\p{L}])(" + stemPattern(escapeHtml(s)) + "[\\p{L}]*)", "giu");
        marked = marked.replace(re, "$1<mark>$2</mark>");
      });
      return markKeys(marked, keys);
    }
    // first the first word that is the typed word itself (in any script or spelling, with any ending), then
    // the first that begins with a matched stem, then with a matched key
    var typed = terms.map(function (t) { return foldKey(t); }).filter(function (k) { return k.length >= 4; });
    for (var w = 0; typed.length && w < blocks.length; w++) {
      var exactAt = keyAt(blocks[w], typed);
      if (exactAt >= 0) { return piece(blocks[w], exactAt); }
    }
    for (var i = 0; i < blocks.length; i++) {
      var text = blocks[i], low = fold(text);
      for (var j = 0; j < stems.length; j++) {
        var at = low.search(new RegExp("(^|[^\\p{L}])" + stemPattern(stems[j]), "u"));
        if (at >= 0) { return piece(text, at); }
      }
    }
    // a document found through the script-neutral key alone: the first word whose key matched, as written
    for (var b = 0; keys.length && b < blocks.length; b++) {
      var pos = keyAt(blocks[b], keys);
      if (pos >= 0) { return piece(blocks[b], pos); }
    }
    return escapeHtml((blocks[0] || "").slice(0, 200));
  }

  // the results list: titles first (r.text null: the snippet is still loading), then each snippet filled in
  // place when the same results of the same query come back with their texts
  function render(box, list, q, found) {
    var lang = queryLang(q);
    var shown = Array.prototype.map.call(list.querySelectorAll("li.kz-search-result"), function (li) { return li.getAttribute("data-doc"); });
    var docs = found.results.filter(function (r) { return r.doc; });
    if (docs.length && list.getAttribute("data-q") === q && shown.join() === docs.map(function (r) { return String(r.id); }).join()) {
      docs.forEach(function (r, i) {
        if (r.text) { list.children[i].querySelector(".kz-search-snippet").innerHTML = snippet(r.text, found.terms, found.stems, found.keys); }
      });
      return;
    }
    list.innerHTML = "";
    list.setAttribute("data-q", q);
    if (!docs.length) {
      list.innerHTML = '<li class="kz-search-empty">' + escapeHtml(box.getAttribute("data-empty") || "—") + "</li>";
      return;
    }
    docs.forEach(function (r) {
      var titles = r.doc[1], title = titles[lang] || titles.ru || titles.kk || titles.en || titles.und || r.doc[0];
      var titleLang = titles[lang] ? lang : (titles.ru ? "ru" : titles.kk ? "kk" : titles.en ? "en" : "");
      var li = document.createElement("li");
      li.className = "kz-search-result";
      li.setAttribute("data-doc", String(r.id));
      li.innerHTML = '<a href="' + escapeHtml(root + r.doc[0]) + '"><span class="kz-search-title"' +
        (titleLang ? ' lang="' + titleLang + '"' : "") + ">" + escapeHtml(title) + "</span></a>" +
        '<p class="kz-search-snippet">' + (r.text ? snippet(r.text, found.terms, found.stems, found.keys) : "") + "</p>";
      list.appendChild(li);
    });
  }

  // the index's manifest (shard keys: 29 KB at 1,000 articles, cached after the first page when served),
  // loaded with the page so that a query pasted at once needs two script loads, not three
  function warm() { load("manifest", "", "manifest.js"); }

  function attach(box) {
    var input = box.querySelector("input"), list = box.querySelector("ol"), last = null;
    function open(on) { box.classList.toggle("kz-search--open", on && list.children.length > 0); }
    function run() {
      var q = input.value;
      if (q === last) { return; }  // the key-up after the input event: this query is under way already
      last = q;
      var seq = ++state.seq, started = performance.now();
      var current = function () { return seq === state.seq; };
      box.removeAttribute("data-ms");
      if (!q.trim()) { list.innerHTML = ""; open(false); return; }
      search(q, current, function (early) { render(box, list, q, early); open(true); }).then(function (found) {
        if (!current() || !found) { return; }  // a newer keystroke won
        render(box, list, q, found);
        open(true);
        box.setAttribute("data-ms", String(Math.round(performance.now() - started)));
      });
    }
    input.addEventListener("input", run);
    input.addEventListener("keyup", run);
    input.addEventListener("focus", function () { warm(); open(true); });
    box.addEventListener("pointerenter", warm);
    box.addEventListener("submit", function (e) {  // Enter: the first result
      e.preventDefault();
      var first = list.querySelector("li.kz-search-result a");
      if (first) { window.location.href = first.href; } else { run(); }
    });
    box.addEventListener("keydown", function (e) {
      if (e.key === "Escape") { open(false); input.focus(); }
    });
    // the results close when the reader leaves the box: by Tab (focus goes outside) or a click elsewhere
    box.addEventListener("focusout", function (e) { if (e.relatedTarget && !box.contains(e.relatedTarget)) { open(false); } });
    document.addEventListener("pointerdown", function (e) { if (!box.contains(e.target)) { open(false); } });
    var params = new URLSearchParams(window.location.search);
    if (params.get("q")) { input.value = params.get("q"); run(); }
  }

  // "/" or "s" anywhere but in a field puts the cursor in the search box
  function shortcut(e) {
    if ((e.key !== "/" && e.key !== "s") || e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) { return; }
    var t = e.target, input = document.querySelector(".kz-search-input");
    if (!input || (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName)))) { return; }
    e.preventDefault();
    input.focus();
    input.select();
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll(".kz-search"), attach);
    document.addEventListener("keydown", shortcut);
    warm();
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
  window.__kzSearch.search = search;  // for tests and the benchmark
  window.__kzSearch.foldKey = foldKey;  // for the test that Python and the browser fold alike (needs the manifest)
})();
