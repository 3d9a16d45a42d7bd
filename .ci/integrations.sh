#!/usr/bin/env bash
# Checks of xldisk's CI integrations, run for real on this machine:
#  - the pre-commit hooks (.pre-commit-hooks.yaml) with Debian's pre-commit,
#    through `pre-commit try-repo` on a scratch project: xldisk-lint passes on
#    clean configs and skips setup.cfg, fails on a broken config; xldisk-fmt
#    rewrites an unformatted config (and fails), then passes;
#  - the composite GitHub Action (action.yml) with actionlint: a workflow that
#    uses it (inputs and outputs checked against its metadata), and its steps
#    as a reusable workflow (expressions, and shellcheck on the scripts);
#  - the vim errorformat of docs/cli.md on real `xldisk lint` output;
#  - `xldisk lsp` in Debian's neovim (.ci/nvim-lsp.sh with XLDISK_LSP_CMD).
# Called from .ci/run; needs git, go, pre-commit (apt: pre-commit), python3-yaml
# (a dependency of pre-commit) and, for the script checks, shellcheck.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
ACTIONLINT=github.com/rhysd/actionlint/cmd/actionlint@v1.7.12
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export PRE_COMMIT_HOME="$work/pre-commit-home"
export DEBIAN_FRONTEND=noninteractive

missing=""
for p in pre-commit shellcheck git vim nvim; do
  command -v "$p" >/dev/null 2>&1 || missing="$missing $p"
done
if [ -n "$missing" ]; then
  echo "== installing$missing"
  apt-get update
  # shellcheck disable=SC2086
  apt-get install -y --no-install-recommends ${missing/nvim/neovim}
fi

fail() { echo "FAIL: $*" >&2; exit 1; }

echo "== building xldisk"
go build -o "$work/bin/xldisk" "$repo/cmd/xldisk"
export PATH="$work/bin:$PATH"
xldisk --version

echo "== pre-commit try-repo (pre-commit $(pre-commit --version | cut -d' ' -f2))"
proj="$work/proj"
mkdir "$proj"
cd "$proj"
git init -q
git config user.email ci@example.invalid
git config user.name ci
good="type = 'hvm'
disk = [ 'format=raw, vdev=hda, access=rw, target=/dev/vg/guest' ]"
printf '%s\n' "$good" > guest.cfg
printf '[metadata]\nname = not-an-xl-config\n' > setup.cfg
git add -A
pre-commit try-repo "$repo" xldisk-lint --all-files || fail "xldisk-lint failed on clean configs (or did not skip setup.cfg)"
printf "disk = [ '/dev/vg/a,xvda,w' ]\n" > broken.cfg
git add broken.cfg
if pre-commit try-repo "$repo" xldisk-lint --all-files > "$work/lint.out" 2>&1; then
  cat "$work/lint.out"
  fail "xldisk-lint passed on a broken config"
fi
grep -q 'broken.cfg:1:' "$work/lint.out" || { cat "$work/lint.out"; fail "xldisk-lint did not report broken.cfg"; }
git rm -qf broken.cfg
printf "disk = [ '/dev/vg/a,raw,xvda,w' ]\n" > unformatted.cfg
git add unformatted.cfg
if pre-commit try-repo "$repo" xldisk-fmt --all-files > "$work/fmt.out" 2>&1; then
  cat "$work/fmt.out"
  fail "xldisk-fmt passed on an unformatted config"
fi
grep -q "format=raw, vdev=xvda, access=rw, target=/dev/vg/a" unformatted.cfg || fail "xldisk-fmt did not rewrite unformatted.cfg"
git add -A
pre-commit try-repo "$repo" xldisk-fmt --all-files || fail "xldisk-fmt failed on formatted configs"
echo "pre-commit hooks: ok"

echo "== actionlint ($ACTIONLINT)"
wf="$work/action"
mkdir -p "$wf/.github/workflows"
cp "$repo/action.yml" "$wf/action.yml"
cat > "$wf/.github/workflows/uses-action.yml" <<'YAML'
name: uses the xldisk action
on: [push, pull_request]
permissions:
  contents: read
  security-events: write
jobs:
  lint:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - id: xldisk
        uses: ./
        with:
          paths: vm/ guests/
          xen: "4.17-4.22"
          fail-on: warning
          args: --select=XLD2
      - if: always()
        run: echo "status ${{ steps.xldisk.outputs.status }}, log ${{ steps.xldisk.outputs.sarif-file }}"
YAML
# The action's steps as a reusable workflow, so that actionlint checks their
# expressions and shellcheck their scripts.
python3 - "$repo/action.yml" "$wf/.github/workflows/action-steps.yml" <<'PY'
import sys, yaml
act = yaml.safe_load(open(sys.argv[1]))
inputs = {k: {"type": "string", "required": False, "default": v.get("default", ""), "description": v["description"]}
          for k, v in act["inputs"].items()}
wf = {"name": "action steps", "on": {"workflow_call": {"inputs": inputs}},
      "permissions": {"contents": "read", "security-events": "write"},
      "jobs": {"steps": {"runs-on": "ubuntu-latest", "steps": act["runs"]["steps"]}}}
text = yaml.safe_dump(wf, sort_keys=False)
# github.action_path exists in composite actions only; in the job it is the workspace.
text = text.replace("${{ github.action_path }}", "${{ github.workspace }}")
open(sys.argv[2], "w").write(text)
PY
(cd "$wf" && git init -q && go run "$ACTIONLINT" -no-color) || fail "actionlint"
echo "action.yml: ok"

echo "== vim errorformat"
cd "$work"
printf "disk = [ '/dev/vg/a,xvda,w' ]\n" > v.cfg
xldisk lint v.cfg > vim.in || true
efm=$(sed -n 's/^set errorformat=\(.*\)$/\1/p' "$repo/docs/cli.md" | head -1)
[ -n "$efm" ] || fail "no 'set errorformat=' line in docs/cli.md"
vim -Nu NONE -i NONE -es \
  -c "set errorformat=$efm" \
  -c 'cgetfile vim.in' \
  -c 'call writefile(map(getqflist(), {_, e -> bufname(e.bufnr) . ":" . e.lnum . ":" . e.col . ":" . e.type . ":" . e.valid}), "vim.out")' \
  -c 'qa!' || true
cat vim.out
[ "$(wc -l < vim.out)" = 1 ] || fail "errorformat: want exactly one quickfix entry (the summary line ignored)"
grep -q '^v.cfg:1:[0-9]*:e:1$' vim.out || fail "errorformat: the error was not parsed"
echo "vim errorformat: ok"

echo "== neovim against xldisk lsp"
XLDISK_LSP_CMD="$work/bin/xldisk lsp" bash "$repo/.ci/nvim-lsp.sh"
