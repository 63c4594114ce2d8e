/* Explorables on the static site: native sliders over pre-rendered frames.
 *
 * The page already shows each explorable's caption, its figure at the starting setting (a
 * background image and a transparent overlay, with alt text) and its readout, so it reads without
 * JavaScript. This script adds one labelled range slider per parameter (aria-valuetext = the value
 * shown), swaps the overlay when a slider moves, updates the readout, and announces it in the
 * explorable's one live region. Frames are plain image files listed in the explorable's JSON
 * manifest (her2book.explorable_web); the neighbours of the current frame are decoded ahead, and
 * every frame once the explorable comes near the viewport, so a step shows its figure at once.
 */
(function () {
  "use strict";

  function neighbours(index, params) {
    var keys = [];
    index.forEach(function (i, d) {
      [i - 1, i + 1].forEach(function (j) {
        if (j >= 0 && j < params[d].values.length) {
          var next = index.slice();
          next[d] = j;
          keys.push(next.join(","));
        }
      });
    });
    return keys;
  }

  function init(root) {
    var manifest = JSON.parse(root.querySelector("script.her2book-manifest").textContent);
    var params = manifest.params;
    var frames = manifest.frames;
    var index = params.map(function (p) { return p.start; });
    var shown = root.querySelector(".her2book-frame img");
    var readout = root.querySelector(".her2book-readout");
    var status = root.querySelector(".her2book-status");
    var cache = {};
    cache[index.join(",")] = shown;

    function image(key) {
      var img = cache[key];
      if (!img) {
        img = shown.cloneNode(false);
        img.alt = frames[key].alt;
        img.src = frames[key].src;
        cache[key] = img;
        if (img.decode) { img.decode().catch(function () {}); }
      }
      return img;
    }

    function show() {
      var key = index.join(",");
      var img = image(key);
      if (img !== shown) {
        shown.replaceWith(img);
        shown = img;
      }
      var text = frames[key].readout;
      readout.textContent = text;
      status.textContent = text || frames[key].alt;
      neighbours(index, params).forEach(image);
    }

    var controls = root.querySelector(".her2book-controls");
    params.forEach(function (p, d) {
      var id = root.id + "-slider-" + d;
      var row = document.createElement("div");
      row.className = "her2book-control";
      var label = document.createElement("label");
      label.htmlFor = id;
      label.textContent = p.title;
      var input = document.createElement("input");
      input.type = "range";
      input.id = id;
      input.min = "0";
      input.max = String(p.values.length - 1);
      input.step = "1";
      input.value = String(p.start);
      input.setAttribute("aria-valuetext", p.values[p.start]);
      var value = document.createElement("span");
      value.className = "her2book-value";
      value.setAttribute("aria-hidden", "true");
      value.textContent = p.values[p.start];
      input.addEventListener("input", function () {
        var i = Number(input.value);
        if (i === index[d]) { return; }
        index[d] = i;
        input.setAttribute("aria-valuetext", p.values[i]);
        value.textContent = p.values[i];
        show();
      });
      row.append(label, input, value);
      controls.append(row);
    });
    root.classList.add("her2book-ready");
    neighbours(index, params).forEach(image);

    function all() { Object.keys(frames).forEach(image); }
    if ("IntersectionObserver" in window) {
      var watcher = new IntersectionObserver(function (entries) {
        if (entries.some(function (e) { return e.isIntersecting; })) {
          watcher.disconnect();
          all();
        }
      }, { rootMargin: "600px 0px" });
      watcher.observe(root);
    } else {
      all();
    }
  }

  function start() {
    document.querySelectorAll("[data-her2book-explorable]").forEach(init);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
