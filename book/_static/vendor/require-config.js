// Runs before require.js (see nb_ipywidgets_js in _config.yml). The ipywidgets html-manager bundle
// finds its fonts relative to the RequireJS URLs of its modules ("@jupyter-widgets/…") and of
// window.__jupyter_widgets_assets_path__. Point them all at the self-hosted copy next to this
// file, so the page never asks a CDN, or a wrong path, for anything.
var __her2book_widgets__ = new URL("html-manager/", document.currentScript.src).href;
window.__jupyter_widgets_assets_path__ = __her2book_widgets__;
// The bundle's modules ("@jupyter-widgets/base", "…/controls", …) are defined inline; RequireJS
// fetches nothing for them, but webpack derives each one's asset folder from its module URL.
var require = {
  paths: {
    "@jupyter-widgets/html-manager/dist": __her2book_widgets__.replace(/\/$/, ""),
    "@jupyter-widgets": __her2book_widgets__.replace(/\/$/, ""),
  },
};
