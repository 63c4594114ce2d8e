#!/usr/bin/env bash
# Re-create book/_static/vendor from the npm registry (the versions in book/_static/vendor/README.md).
# Run by hand when upgrading; the result is committed, so building the book needs no network.
set -euo pipefail
cd "$(dirname "$0")/.."
V=book/_static/vendor
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent @jupyter-widgets/html-manager@1.0.15 requirejs@2.3.8 mathjax@3.2.2 >/dev/null)
for f in "$tmp"/*.tgz; do d="$tmp/$(basename "$f" .tgz)"; mkdir -p "$d"; tar xzf "$f" -C "$d"; done
HM="$tmp/jupyter-widgets-html-manager-1.0.15/package/dist"
RJ="$tmp/requirejs-2.3.8/package"
MJ="$tmp/mathjax-3.2.2/package"
rm -rf "$V/html-manager" "$V/requirejs" "$V/mathjax"
mkdir -p "$V/html-manager" "$V/requirejs" "$V/mathjax/output/chtml/fonts" "$V/mathjax/input/tex"
cp "$HM/embed-amd.js" "$HM/embed.js.LICENSE.txt" "$HM"/*.woff2 "$HM"/*.woff "$HM"/*.ttf "$V/html-manager/"
# The html-manager tarball carries no LICENSE file; ipywidgets (same project, same licence) does.
python -c "import importlib.metadata as m, pathlib, sys; d = m.distribution('ipywidgets'); \
p = [f for f in d.files if f.name == 'LICENSE'][0]; sys.stdout.write(pathlib.Path(d.locate_file(p)).read_text())" \
  > "$V/html-manager/LICENSE"
cp "$RJ/require.js" "$V/requirejs/"
git show HEAD:"$V/requirejs/LICENSE" > "$V/requirejs/LICENSE" 2>/dev/null || true
cp "$MJ/LICENSE" "$MJ/es5/tex-chtml.js" "$V/mathjax/"
cp -r "$MJ/es5/output/chtml/fonts/woff-v2" "$V/mathjax/output/chtml/fonts/"
cp -r "$MJ/es5/input/tex/extensions" "$V/mathjax/input/tex/"
cp -r "$MJ/es5/ui" "$MJ/es5/a11y" "$V/mathjax/"
echo "vendored into $V"
