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
      s.onerror = function () { window.__kzSearch.load(kind, key, null); };
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
  // says whether the query is still the one typed, so that a superseded one loads no documents
  function search(q, current) {
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
      return Promise.all(ids.map(function (id) {
        var chunk = Math.floor(id / per), part = id + "-" + where[id];
        return Promise.all([load("docs", chunk, "d-" + chunk + ".js"), load("text", part, "t-" + part + ".js")])
          .then(function (got) { return { id: id, doc: got[0] ? got[0][id % per] : null, text: got[1] || [] }; });
      }));
    }).then(function (results) { return results && { terms: terms, stems: matched, results: results }; });
  }

  function escapeHtml(s) {
    return s.replace(/[&<>"']/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]; });
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
        var at = low.search(new RegExp("(^|[^\\p{L}])" + stems[j].replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "u"));
        if (at >= 0) {
          var start = Math.max(0, at - 60), end = Math.min(text.length, at + 140);
          var piece = (start ? "…" : "") + text.slice(start, end) + (end < text.length ? "…" : "");
          var marked = escapeHtml(piece);
          stems.forEach(function (s) {
            var re = new RegExp("(^|[^\\p{L}])(" + escapeHtml(s).replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/е/g, "[её]") +
                                "[\\p{L}]*)", "giu");  // the text may have ё where the stem has е
            marked = marked.replace(re, "$1<mark>$2</mark>");
          });
          return marked;
        }
      }
    }
    return escapeHtml((blocks[0] || "").slice(0, 200));
  }

  function render(box, list, q, found) {
    var lang = queryLang(q);
    list.innerHTML = "";
    if (!found.results.length) {
      list.innerHTML = '<li class="kz-search-empty">' + escapeHtml(box.getAttribute("data-empty") || "—") + "</li>";
      return;
    }
    found.results.forEach(function (r) {
      if (!r.doc) { return; }
      var titles = r.doc[1], title = titles[lang] || titles.ru || titles.kk || titles.en || titles.und || r.doc[0];
      var titleLang = titles[lang] ? lang : (titles.ru ? "ru" : titles.kk ? "kk" : titles.en ? "en" : "");
      var li = document.createElement("li");
      li.className = "kz-search-result";
      li.innerHTML = '<a href="' + escapeHtml(root + r.doc[0]) + '"><span class="kz-search-title"' +
        (titleLang ? ' lang="' + titleLang + '"' : "") + ">" + escapeHtml(title) + "</span></a>" +
        '<p class="kz-search-snippet">' + snippet(r.text, found.terms, found.stems) + "</p>";
      list.appendChild(li);
    });
  }

  function attach(box) {
    var input = box.querySelector("input"), list = box.querySelector("ol");
    function run() {
      var q = input.value, seq = ++state.seq;
      if (!q.trim()) { list.innerHTML = ""; box.classList.remove("kz-search--open"); return; }
      search(q, function () { return seq === state.seq; }).then(function (found) {
        if (seq !== state.seq || !found) { return; }  // a newer keystroke won
        box.classList.add("kz-search--open");
        render(box, list, q, found);
        box.setAttribute("data-ms", String(Math.round(performance.now() - started)));
      });
      var started = performance.now();
    }
    input.addEventListener("input", run);
    input.addEventListener("keyup", run);
    box.addEventListener("submit", function (e) { e.preventDefault(); run(); });
    var params = new URLSearchParams(window.location.search);
    if (params.get("q")) { input.value = params.get("q"); run(); }
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll(".kz-search"), attach);
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
  window.__kzSearch.search = search;  // for tests and the benchmark
})();
