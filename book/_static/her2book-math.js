/* MathJax on demand (her2book.site puts this script where MathJax's own tag was).
 *
 * MathJax is 260 KB of script and its typesetting is the longest task on a chapter page, so it is
 * not loaded with the page. On a page with formulas it loads when one is on screen, when the reader
 * first scrolls the page, types, taps or clicks (so it is ready before the next formula comes into
 * view), or before printing;
 * window.her2bookMath() loads it from a script (e.g. before printing to PDF) and resolves once every
 * formula is typeset. The page's MathJax settings (window.MathJax, set before this script) load
 * its "ui/lazy" component, so formulas are typeset as they come into view.
 *
 * The Tab order. The theme lets a displayed formula scroll sideways when it is wider than its
 * column, and Chromium makes every box that scrolls a Tab stop, so that a keyboard can scroll it.
 * A formula MathJax has just put on the page can be such a box for a moment, before its layout
 * settles; a reader pressing Tab then stops on a formula that does not scroll. So every formula is
 * taken out of the Tab order as it is inserted (a MutationObserver runs before the next key press
 * is handled), and put back (tabindex 0) only once its layout has been still for SETTLE_MS, no
 * font is loading, and it really is larger than its box along an axis where the box scrolls: those
 * formulas keep their Tab stop, the rest never get one. A formula's size, or its column's,
 * changing (a phone turned, a "Going deeper" box opened) or a font arriving makes the check run
 * again. (Formulas scroll sideways only: her2book.css. A glyph drawn
 * before its font has arrived can reach a pixel or two above or below the box, and made the
 * formula a box that scrolls up and down, and so a Tab stop, on a slow network.)
 */
(function () {
  "use strict";
  var me = document.currentScript;
  var src = me && me.getAttribute("data-mathjax");
  var started = null;
  var events = ["keydown", "pointerdown", "touchstart", "wheel"];
  var SETTLE_MS = 300;

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

  // A formula that scrolls: along an axis its box scrolls (overflow auto or scroll: the theme's
  // sideways scrolling), its content is larger than the box. A formula out of view (in a closed
  // box) does not.
  function scrolls(m) {
    var style = getComputedStyle(m);
    if (!m.clientWidth && !m.clientHeight) { return false; }
    var across = /auto|scroll/.test(style.overflowX) && m.scrollWidth > m.clientWidth;
    var down = /auto|scroll/.test(style.overflowY) && m.scrollHeight > m.clientHeight;
    return across || down;
  }

  function tabOrder() {
    var seen = new Set();
    var timer = null;
    var sizes = "ResizeObserver" in window ? new ResizeObserver(later) : null;
    function forget(m) {
      seen.delete(m);
      if (sizes) {
        sizes.unobserve(m);
        if (m.firstElementChild) { sizes.unobserve(m.firstElementChild); }
      }
    }
    function check() {
      timer = null;
      // Not while a font is still loading: "loadingdone" runs the check again.
      if (document.fonts && document.fonts.status === "loading") { return; }
      var wanted = [];
      seen.forEach(function (m) {
        if (m.isConnected) { wanted.push([m, scrolls(m) ? 0 : -1]); } else { forget(m); }
      });
      // All read, then written, and only what changes.
      wanted.forEach(function (w) { if (w[0].tabIndex !== w[1]) { w[0].tabIndex = w[1]; } });
    }
    function later() {
      if (timer) { clearTimeout(timer); }
      timer = setTimeout(check, SETTLE_MS);
    }
    function add(m) {
      if (seen.has(m)) { return; }
      seen.add(m);
      m.tabIndex = -1;
      if (sizes) {
        sizes.observe(m);
        if (m.firstElementChild) { sizes.observe(m.firstElementChild); }
      }
    }
    new MutationObserver(function (records) {
      var any = false;
      records.forEach(function (r) {
        r.addedNodes.forEach(function (n) {
          if (n.nodeType !== 1) { return; }
          if (n.tagName === "MJX-CONTAINER") { add(n); any = true; }
          n.querySelectorAll("mjx-container").forEach(function (m) { add(m); any = true; });
        });
      });
      if (any) { later(); }
    }).observe(document.body, { childList: true, subtree: true });
    window.addEventListener("resize", later);
    // A font arriving changes how far glyphs reach without resizing any box.
    if (document.fonts) {
      document.fonts.addEventListener("loadingdone", later);
      document.fonts.addEventListener("loadingerror", later);
    }
  }

  if (!src) { return; }
  var formulas = document.querySelectorAll(".math, mjx-container");
  if (!formulas.length) { return; }
  tabOrder();
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
