// "Cite this article": copy buttons, and paragraph links that also copy their address.
// No network, no framework: works on the served site and from file://.
(function () {
  "use strict";
  function copyText(text, onDone) {
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(onDone, function () { legacyCopy(text, onDone); });
    } else {
      legacyCopy(text, onDone);
    }
  }
  function legacyCopy(text, onDone) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    try { if (document.execCommand("copy")) { onDone(); } } catch (err) { /* the text stays selectable */ }
    document.body.removeChild(area);
  }
  // A reference's hover preview is written once, on its first citation; the later citations of it
  // take the same title when pointed at or focused (the browser shows it as their tooltip).
  function previewFrom(event) {
    var link = event.target.closest ? event.target.closest("a.citation") : null;
    if (!link || link.hasAttribute("title")) { return; }
    var first = document.querySelector('a.citation[title][href="' + link.getAttribute("href") + '"]');
    if (first) { link.setAttribute("title", first.getAttribute("title")); }
  }
  document.addEventListener("mouseover", previewFrom);
  document.addEventListener("focusin", previewFrom);
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest(".cite-copy") : null;
    if (button) {
      var source = document.getElementById(button.getAttribute("data-copy"));
      if (!source) { return; }
      copyText(source.textContent.trim(), function () {
        var label = button.getAttribute("data-label") || button.textContent;
        button.setAttribute("data-label", label);
        button.textContent = "✓";
        window.setTimeout(function () { button.textContent = label; }, 1500);
      });
      return;
    }
    var link = event.target.closest ? event.target.closest(".para-link") : null;
    if (link) {
      copyText(link.href, function () { link.classList.add("para-link--copied"); });
    }
  });
})();
