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

  function queryLang(q) {
    if (/[әғқңөұүһі]/i.test(q)) { return "kk"; }
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

  function shardsFor(word) {
    var m = store.manifest[""];
    if (!m) { return Promise.resolve([]); }
    var keys = m.shards.filter(function (k) { return word.indexOf(k) === 0 || (k.indexOf(word) === 0 && word.length >= 2); });
    return Promise.all(keys.map(function (k) { return load("shard", k, "s-" + m.files[k] + ".js"); }));
  }

  // the query's top 10: url, titles and the part of the text with the snippet; `current` (the search box's)
  // says whether the query is still the one typed, so that a superseded one loads no documents; `early`, if
  // given, gets the results with their titles before their snippet texts are in (text: null)
  function search(q, current, early) {
    var matched = [];  // the indexed stem each typed word matched: what the snippet highlights
    var where = {};  // doc → the part of its text to load for the snippet
    var terms = words(q).filter(function (w) { return w.length >= 2; });
    if (!terms.length) { return Promise.resolve({ terms: [], stems: [], results: [] }); }
    var typing = !/\s$/.test(q);
    return load("manifest", "", "manifest.js").then(function () {
      return Promise.all(terms.map(function (w, i) {
        return shardsFor(w).then(function (shards) { return matchWord(w, shards, typing && i === terms.length - 1); });
      }));
    }).then(function (perTerm) {
      var scores = {}, hits = {};
      where = {};
      matched = [];
      perTerm.forEach(function (lists) {
        matched.push((lists.stems || [])[0] || "");
        var seen = {};
        lists.forEach(function (postings, k) {
          var weight = lists.weights ? lists.weights[k] : 1;
          postings.forEach(function (p) {
            if (!(p[0] in where)) { where[p[0]] = p[2] || 0; }  // the part where the first word first occurs
            if (!seen[p[0]] || seen[p[0]] < p[1] * weight) { seen[p[0]] = p[1] * weight; }
          });
        });
        Object.keys(seen).forEach(function (d) {
          scores[d] = (scores[d] || 0) + seen[d];
          hits[d] = (hits[d] || 0) + 1;
        });
      });
      var all = Object.keys(scores).filter(function (d) { return hits[d] === perTerm.length; });
      if (!all.length) { all = Object.keys(scores); }
      all.sort(function (a, b) { return (hits[b] - hits[a]) || (scores[b] - scores[a]) || (a - b); });
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
            early({ terms: terms, stems: matched, results: ids.map(function (id, i) { return { id: id, doc: docs[i], text: null }; }) });
          }
        });
      }
      return Promise.all([tables, texts]).then(function (got) {
        return ids.map(function (id, i) { return { id: id, doc: got[0][i], text: got[1][i] || [] }; });
      });
    }).then(function (results) { return results && { terms: terms, stems: matched, results: results }; });
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

  function snippet(blocks, terms, matched) {
    // highlight words that begin with the matched stem, or else with most of the typed word
    var stems = terms.map(function (t, i) {
      var m = matched && matched[i];
      if (m && m.length >= 3) { return /^[a-z]+i$/.test(m) ? m.slice(0, -1) : m; }  // Porter: rivalry → rivalri
      return t.slice(0, Math.max(3, Math.min(t.length, Math.ceil(t.length * 0.7))));
    });
    for (var i = 0; i < blocks.length; i++) {
      var text = blocks[i], low = fold(text);
      for (var j = 0; j < stems.length; j++) {
        var at = low.search(new RegExp("(^|[^\\p{L}])" + stemPattern(stems[j]), "u"));
        if (at >= 0) {
          var start = Math.max(0, at - 60), end = Math.min(text.length, at + 140);
          var piece = (start ? "…" : "") + text.slice(start, end) + (end < text.length ? "…" : "");
          var marked = escapeHtml(piece);
          stems.forEach(function (s) {
            var re = new RegExp("(^|[^\\p{L}])(" + stemPattern(escapeHtml(s)) + "[\\p{L}]*)", "giu");
            marked = marked.replace(re, "$1<mark>$2</mark>");
          });
          return marked;
        }
      }
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
        if (r.text) { list.children[i].querySelector(".kz-search-snippet").innerHTML = snippet(r.text, found.terms, found.stems); }
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
        '<p class="kz-search-snippet">' + (r.text ? snippet(r.text, found.terms, found.stems) : "") + "</p>";
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
})();
