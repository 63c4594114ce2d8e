// Give every widget slider an accessible name: the ipywidgets html-manager draws the slider handle
// (role="slider") without one, so screen readers announced only "slider". The name is the slider's
// visible label. Runs on every page; widgets render after load, so watch the DOM for them.
(function () {
  function label(root) {
    root.querySelectorAll(".widget-slider, .widget-hslider").forEach(function (slider) {
      var text = slider.querySelector(".widget-label");
      var name = text ? text.textContent.trim() : "";
      slider.querySelectorAll('[role="slider"]').forEach(function (handle) {
        if (name && handle.getAttribute("aria-label") !== name) {
          handle.setAttribute("aria-label", name);
        }
      });
    });
  }
  function start() {
    label(document);
    new MutationObserver(function () { label(document); }).observe(document.body, {
      childList: true,
      subtree: true,
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

// The ipywidgets html-manager (1.x) typesets widget labels with the MathJax 2 API,
// `MathJax.Hub.Queue(["Typeset", MathJax.Hub, element])`. The book loads MathJax 3, which has no
// `Hub`, so every widget label threw "Cannot read properties of undefined (reading 'Queue')".
// Give whatever object is (or later becomes) `window.MathJax` a `Hub.Queue` that forwards to
// MathJax 3's `typesetPromise`. MathJax 3 replaces the global object when it loads, so the shim is
// re-attached by a setter on `window.MathJax`.
(function () {
  function typeset(element) {
    var mj = window.MathJax;
    if (!element || !mj) return;
    if (mj.typesetPromise) {
      mj.typesetPromise([element]).catch(function () {});
    } else if (mj.startup && mj.startup.promise) {
      mj.startup.promise.then(function () { typeset(element); });
    }
  }
  var hub = {
    Queue: function () {
      for (var i = 0; i < arguments.length; i++) {
        var job = arguments[i];
        if (Array.isArray(job) && job[0] === "Typeset") typeset(job[2]);
      }
    },
  };
  function attach(mj) {
    if (mj && typeof mj === "object" && !mj.Hub) {
      try { Object.defineProperty(mj, "Hub", { value: hub, enumerable: false }); } catch (e) {}
    }
  }
  var current = window.MathJax;
  attach(current);
  try {
    Object.defineProperty(window, "MathJax", {
      configurable: true,
      get: function () { return current; },
      set: function (value) { current = value; attach(value); },
    });
  } catch (e) {}
})();

// Explorables switch frames with ipywidgets' Stack. Its stock view keeps only the selected child
// in the page, so every slider step destroyed one view, built another and decoded a new image:
// about 20-30 ms from key press to picture. On the static site, keep every child rendered, show
// the selected one, and decode its neighbours ahead of time, so a step only flips a class.
// (Live in JupyterLab this file is not loaded and the stock Stack is used; both behave the same.)
(function () {
  function decodeImages(view) {
    if (!view || !view.el) return;
    view.el.querySelectorAll("img").forEach(function (img) {
      if (img.decode) img.decode().catch(function () {});
    });
  }
  function patch(controls) {
    var View = controls && controls.StackView;
    if (!View || View.prototype.__her2bookKeepsChildren) return;
    View.prototype.__her2bookKeepsChildren = true;
    View.prototype.update_children = function () {
      var index = this.model.get("selected_index");
      if (!this.children_views) return;
      this.children_views.update(this.model.get("children")).then(function (views) {
        views.forEach(function (view, i) {
          view.el.classList.toggle("her2book-hidden", i !== index);
        });
        decodeImages(views[index - 1]);
        decodeImages(views[index + 1]);
      });
    };
  }
  if (typeof window.require === "function" && typeof window.define === "function") {
    try {
      window.require(["@jupyter-widgets/controls"], patch, function () {});
    } catch (e) {}
  }
})();
