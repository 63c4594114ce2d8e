// Runs before require.js (see nb_ipywidgets_js in _config.yml). The ipywidgets html-manager bundle
// finds its fonts and chunks relative to the RequireJS URL of
// "@jupyter-widgets/html-manager/dist"; point that at the self-hosted copy next to this file,
// so the page never asks a CDN for anything.
var require = {
  paths: {
    "@jupyter-widgets/html-manager/dist": new URL("html-manager", document.currentScript.src).href,
  },
};
