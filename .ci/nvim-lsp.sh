#!/usr/bin/env bash
# A real editor against the language server: Debian's neovim, headless,
# opens lsp/testdata/nvim/broken.cfg with the server attached and checks,
# from lsp/testdata/nvim/check.lua, the diagnostics it shows (the typo's
# error at the right column through UTF-16, its rule code and docs link),
# completion, hover and formatting, then a clean shutdown. It fails if the
# editor sees nothing.
#
# XLDISK_LSP_CMD is the server command ("xldisk lsp" once the CLI has the
# verb); unset, the script builds lsp/internal/fakeserver, the server with
# a stand-in engine, and uses that.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PATH:/usr/local/go/bin"

if ! command -v nvim >/dev/null 2>&1; then
  echo "== installing neovim"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  apt-get install -y --no-install-recommends neovim
fi
nvim --version | head -1

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if [ -z "${XLDISK_LSP_CMD:-}" ]; then
  go build -o "$tmp/fakeserver" ./lsp/internal/fakeserver
  XLDISK_LSP_CMD="$tmp/fakeserver"
fi
cp lsp/testdata/nvim/broken.cfg "$tmp/guest.cfg"
export XLDISK_LSP_CMD XLDISK_LSP_FILE="$tmp/guest.cfg"

status=0
timeout 120 nvim --headless --clean -u NONE -i NONE -n \
  -c "luafile lsp/testdata/nvim/check.lua" >"$tmp/out" 2>&1 </dev/null || status=$?
cat "$tmp/out"
if [ "$status" -ne 0 ] || ! grep -q '^nvim-lsp: ok' "$tmp/out"; then
  echo "nvim-lsp: the editor check failed (status $status)"
  exit 1
fi
echo "nvim-lsp: 1 passed, 0 failed"
