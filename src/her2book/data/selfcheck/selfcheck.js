// Self-check questions (her2book.selfcheck). Two identical copies, kept so by a test: the
// package's (src/her2book/data/selfcheck/, inlined in each question shown in JupyterLab, so it
// installs itself once per document) and the website's (book/_static/, loaded on every page).
//
// Multiple choice: the feedback of the checked option is shown by CSS alone; this script writes
// the verdict and the explanation into the question's one live region (role="status"), so screen
// readers announce it once. Numeric: the script shows the field and the Check button, compares the
// typed value with the answer and its tolerance, and shows and announces the matching feedback.
// Without the script a numeric question keeps its "Show the answer" disclosure.
(function () {
  "use strict";
  // In JupyterLab this copy runs right after its question, possibly before the output is
  // attached to the page: enhance the question beside it as well as the document.
  var script = document.currentScript;
  var beside = script && script.parentNode;
  if (window.her2bookSelfCheck) {
    window.her2bookSelfCheck.enhance(beside || document);
    window.her2bookSelfCheck.enhance(document);
    return;
  }

  function words(el) {
    return el ? el.textContent.replace(/\s+/g, " ").trim() : "";
  }

  // What the live region says: a copy of the feedback's verdict and explanation (its symbol is
  // aria-hidden), as elements, so sub- and superscripts are read as they are shown.
  function message(feedback) {
    var parts = [];
    [".self-check-verdict", ".self-check-explanation"].forEach(function (selector) {
      var el = feedback.querySelector(selector);
      if (el) parts.push(el.cloneNode(true));
    });
    return parts;
  }

  function text(nodes) {
    return nodes.map(words).join(" ");
  }

  var pending = new WeakMap();

  function write(status, nodes) {
    status.replaceChildren();
    nodes.forEach(function (node, i) {
      if (i) status.append(" ");
      status.append(node);
    });
  }

  function announce(root, nodes) {
    var status = root.querySelector('[role="status"]');
    if (!status) return;
    clearTimeout(pending.get(status));
    if (words(status) === text(nodes)) {
      // The same words again (a second Check with the same outcome): clear, then write them
      // back, so screen readers notice a change and speak once more.
      status.replaceChildren();
      pending.set(status, setTimeout(function () { write(status, nodes); }, 100));
    } else {
      write(status, nodes);
    }
  }

  function choose(input) {
    var root = input.closest(".self-check");
    var option = input.closest(".self-check-option");
    var feedback = option && option.querySelector(".self-check-feedback");
    if (root && feedback) announce(root, message(feedback));
  }

  // A number as readers type it: "2.5", "2,5", "-3", "1e-3", "1.5×10^9", "1.5 x 10^9", with or
  // without the question's unit after it. NaN if it is not one.
  function parseNumber(raw, unit) {
    var s = String(raw).trim();
    if (unit && s.toLowerCase().endsWith(unit.toLowerCase())) {
      s = s.slice(0, s.length - unit.length);
    }
    s = s.replace(/[\s\u00a0\u202f]/g, "").replace(/\u2212/g, "-");
    if (/^[-+]?\d+,\d+$/.test(s)) s = s.replace(",", ".");
    s = s.replace(/^([-+]?[\d.]+)[x×*·]10\^?([-+]?\d+)$/i, "$1e$2");
    if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(s)) return NaN;
    return Number(s);
  }

  function outcome(root, value) {
    if (!isFinite(value)) return "invalid";
    var answer = Number(root.getAttribute("data-answer"));
    var tolerance = Number(root.getAttribute("data-tolerance"));
    // A little slack for decimal rounding: 9.5 is within 9 ± 0.5.
    var slack = tolerance + 1e-9 * Math.max(Math.abs(answer), tolerance, 1);
    if (Math.abs(value - answer) <= slack) return "right";
    return value < answer ? "low" : "high";
  }

  function check(form) {
    var root = form.closest(".self-check");
    var field = form.querySelector(".self-check-value");
    if (!root || !field) return;
    var result = outcome(root, parseNumber(field.value, root.getAttribute("data-unit")));
    var shown = null;
    root.querySelectorAll(".self-check-feedback[data-outcome]").forEach(function (fb) {
      var match = fb.getAttribute("data-outcome") === result;
      fb.hidden = !match;
      if (match) shown = fb;
    });
    field.setAttribute("aria-invalid", result === "invalid" ? "true" : "false");
    if (shown) announce(root, message(shown));
  }

  // Show the field of every numeric question in `scope` (the page, or a new JupyterLab output).
  function enhance(scope) {
    scope.querySelectorAll('.self-check[data-kind="numeric"] .self-check-form[hidden]')
      .forEach(function (form) { form.hidden = false; });
  }

  document.addEventListener("change", function (event) {
    var t = event.target;
    if (t && t.matches && t.matches('.self-check input[type="radio"]') && t.checked) choose(t);
  });
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form && form.matches && form.matches(".self-check .self-check-form")) {
      event.preventDefault();
      check(form);
    }
  });

  window.her2bookSelfCheck = { enhance: enhance, parseNumber: parseNumber };
  if (beside) enhance(beside);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { enhance(document); });
  } else {
    enhance(document);
  }
})();
