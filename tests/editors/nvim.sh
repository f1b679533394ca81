#!/usr/bin/env bash
# End to end with a real editor: a headless Neovim, configured with the README's Neovim
# 0.7–0.9 snippet, opens a copy of examples/faulty.txt (plus a doubled comma), waits for
# the server's diagnostics, applies a quick fix and then the fix-all action, and after each
# step compares the buffer and its diagnostics with `zhenggai check` on the same text
# (tests/editors/nvim_test.lua). Run by .ci/run; needs `nvim` and a built binary.
#
#   tests/editors/nvim.sh [path/to/zhenggai]
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=$(realpath "${1:-target/debug/zhenggai}")
[ -x "$bin" ] || { echo "nvim.sh: no binary at $bin (cargo build first)" >&2; exit 2; }
command -v nvim >/dev/null || { echo "nvim.sh: nvim not installed" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/bin" "$work/doc"
ln -s "$bin" "$work/bin/zhenggai"
sed 's/进行监督，如有/进行监督，，如有/' examples/faulty.txt > "$work/doc/通报.txt"
grep -q '，，' "$work/doc/通报.txt"

# The editor guide's snippet (docs/editors.md), as a user would paste it.
awk '/^Neovim 0\.7–0\.9/ {found = 1} found && /^```lua$/ {on = 1; next} on && /^```$/ {exit} on' \
  docs/editors.md > "$work/init.lua"
grep -q buf_attach_client "$work/init.lua"

cd "$work/doc"
PATH="$work/bin:$PATH" ZHENGGAI_BIN="$bin" timeout 120 \
  nvim --headless --clean -u "$work/init.lua" \
  -c "luafile $OLDPWD/tests/editors/nvim_test.lua" 通报.txt
echo; echo "nvim.sh: Neovim $(nvim --version | head -1 | cut -d' ' -f2) agrees with zhenggai check"
