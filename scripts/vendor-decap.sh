#!/usr/bin/env bash
# Vendors the pinned release of Decap CMS from npm into vendor/decap-cms/, the editor that
# `nyttig serve` offers at /__nyttig/editor/ (see README, "Editing in the browser"). The
# files are the package's own dist/ (the main script, its chunks and WebAssembly), each
# gzipped, served as they are with `Content-Encoding: gzip`; source maps and the package's
# second copy (`cms.js`) are left out. Run it again after changing VERSION, and commit.
set -euo pipefail
VERSION=3.16.3
cd "$(dirname "${BASH_SOURCE[0]}")/.."
out=vendor/decap-cms
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "decap-cms@$VERSION" >/dev/null && tar xzf "decap-cms-$VERSION.tgz")
rm -rf "$out"
mkdir -p "$out"
for f in "$tmp"/package/dist/decap-cms.js "$tmp"/package/dist/*.decap-cms.js "$tmp"/package/dist/*.wasm; do
    gzip -9 -n -c "$f" > "$out/$(basename "$f").gz"
done
cp "$tmp/package/dist/decap-cms.js.LICENSE.txt" "$out/THIRD-PARTY-LICENSES.txt"
echo "$VERSION" > "$out/VERSION"
cat > "$out/LICENSE" <<'LICENSE'
Decap CMS (https://github.com/decaporg/decap-cms), the npm package decap-cms, is under the
MIT License:

Copyright (c) 2016 Netlify <decap@p-m.si>

MIT License

Permission is hereby granted, free of charge, to any person obtaining
a copy of this software and associated documentation files (the
"Software"), to deal in the Software without restriction, including
without limitation the rights to use, copy, modify, merge, publish,
distribute, sublicense, and/or sell copies of the Software, and to
permit persons to whom the Software is furnished to do so, subject to
the following conditions:

The above copyright notice and this permission notice shall be
included in all copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND,
EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF
MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND
NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE
LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION
OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION
WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.

The code it bundles is under the licences listed in THIRD-PARTY-LICENSES.txt.
LICENSE
echo "vendored decap-cms $VERSION into $out: $(du -sh "$out" | cut -f1)"
