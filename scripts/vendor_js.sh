#!/usr/bin/env bash
# Re-create book/_static/vendor from the npm registry (the versions in book/_static/vendor/README.md).
# Run by hand when upgrading; the result is committed, so building the book needs no network.
set -euo pipefail
cd "$(dirname "$0")/.."
V=book/_static/vendor
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent mathjax@3.2.2 >/dev/null)
for f in "$tmp"/*.tgz; do d="$tmp/$(basename "$f" .tgz)"; mkdir -p "$d"; tar xzf "$f" -C "$d"; done
MJ="$tmp/mathjax-3.2.2/package"
rm -rf "$V/mathjax"
mkdir -p "$V/mathjax/output/chtml/fonts" "$V/mathjax/input/tex"
cp "$MJ/LICENSE" "$MJ/es5/tex-chtml.js" "$V/mathjax/"
cp -r "$MJ/es5/output/chtml/fonts/woff-v2" "$V/mathjax/output/chtml/fonts/"
cp -r "$MJ/es5/input/tex/extensions" "$V/mathjax/input/tex/"
cp -r "$MJ/es5/ui" "$MJ/es5/a11y" "$V/mathjax/"
echo "vendored into $V"
