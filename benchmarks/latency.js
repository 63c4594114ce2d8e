// Installed once per page by benchmarks/latency.py (page.evaluate(this file, frameSelector)).
// window.__bench.arm(explorable) starts one measurement before a key press; when the visible
// frame image has a new src and is decoded, the next requestAnimationFrame posts a message, and
// that message's arrival (after the frame's style, layout and paint) is taken as "painted".
// Each finished measurement is pushed onto window.__bench.results (times in ms, performance.now
// clock; tKey is the keydown event's timestamp on the same clock).
(frameSelector) => {
  if (window.__bench) return;
  const B = window.__bench = {results: [], pending: null, frame: 0};
  // A rAF loop registered before any measurement: in every frame it runs first, so B.frame read
  // by a later rAF callback is the number of this frame.
  const tick = () => { B.frame += 1; requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
  const shown = (ex) => {
    for (const img of ex.querySelectorAll(frameSelector))
      if (img.offsetParent !== null) return img;
    return null;
  };
  window.addEventListener('keydown', (ev) => {
    if (B.pending && B.pending.tKey === undefined) {
      B.pending.tKey = ev.timeStamp;
      B.pending.tHandler = performance.now();
      B.pending.fKey = B.frame;
    }
  }, true);
  B.arm = (ex) => {
    const img = shown(ex);
    const p = B.pending = {before: img ? img.getAttribute('src') : null, blank: 0, done: false};
    const finish = (img) => {
      p.tDom = performance.now();
      mo.disconnect();
      const ready = img.complete ? Promise.resolve() : img.decode().catch(() => {});
      ready.then(() => {
        p.tDecoded = performance.now();
        requestAnimationFrame(() => {
          p.tRaf = performance.now();
          p.frames = B.frame - p.fKey;
          const ch = new MessageChannel();
          ch.port1.onmessage = () => {
            p.tPaint = performance.now();
            requestAnimationFrame(() => {
              p.tRaf2 = performance.now();
              p.done = true;
              B.results.push(p);
              B.pending = null;
            });
          };
          ch.port2.postMessage(0);
        });
      });
    };
    const check = () => {
      if (p.tDom !== undefined) return;
      const img = shown(ex);
      if (img && img.getAttribute('src') !== p.before) finish(img);
    };
    const mo = new MutationObserver(check);
    mo.observe(ex, {subtree: true, childList: true, attributes: true});
    const loop = () => {
      if (p.tDom !== undefined || p.done) return;
      if (p.tKey !== undefined && !shown(ex)) p.blank += 1;
      check();
      requestAnimationFrame(loop);
    };
    requestAnimationFrame(loop);
  };
}
