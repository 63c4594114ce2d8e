/* MathJax on demand (her2book.site puts this script where MathJax's own tag was).
 *
 * MathJax is 260 KB of script and its typesetting is the longest task on a chapter page, so it is
 * not loaded with the page. On a page with formulas it loads when one is on screen, when the reader
 * first scrolls the page, types, taps or clicks (so it is ready before the next formula comes into
 * view), or before printing;
 * window.her2bookMath() loads it from a script (e.g. before printing to PDF) and resolves once every
 * formula is typeset. The page's MathJax settings (window.MathJax, set before this script) load
 * its "ui/lazy" component, so formulas are typeset as they come into view.
 */
(function () {
  "use strict";
  var me = document.currentScript;
  var src = me && me.getAttribute("data-mathjax");
  var started = null;
  var events = ["keydown", "pointerdown", "touchstart", "wheel"];

  // The page scrolling, not a box inside it: the theme scrolls the sidebar to the current page
  // as it loads, and that must not load MathJax.
  function onScroll(e) {
    if (e.target === document || e.target === document.scrollingElement) { load(); }
  }

  function load() {
    if (started) { return started; }
    events.forEach(function (e) { window.removeEventListener(e, load, true); });
    window.removeEventListener("scroll", onScroll, true);
    started = new Promise(function (resolve, reject) {
      var s = document.createElement("script");
      s.src = src;
      s.async = true;
      s.onload = resolve;
      s.onerror = reject;
      document.head.appendChild(s);
    });
    return started;
  }

  window.her2bookMath = function () {
    return load().then(function () {
      var mj = window.MathJax;
      return mj.startup.promise.then(function () {
        var doc = mj.startup.document;
        if (doc.lazyTypesetAll) { return doc.lazyTypesetAll(); }
        return mj.typesetPromise();
      });
    });
  };

  if (!src) { return; }
  var formulas = document.querySelectorAll(".math, mjx-container");
  if (!formulas.length) { return; }
  events.forEach(function (e) {
    window.addEventListener(e, load, { capture: true, passive: true, once: true });
  });
  window.addEventListener("scroll", onScroll, { capture: true, passive: true });
  window.addEventListener("beforeprint", load);
  if (!("IntersectionObserver" in window)) { load(); return; }
  var watcher = new IntersectionObserver(function (entries) {
    if (entries.some(function (e) { return e.isIntersecting; })) {
      watcher.disconnect();
      load();
    }
  }, { rootMargin: "0px" });
  formulas.forEach(function (f) { watcher.observe(f); });
})();
