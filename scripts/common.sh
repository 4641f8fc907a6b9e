# Shared helpers for scripts/*. Sourced, not run.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=versions.sh
. "$ROOT/scripts/versions.sh"
export PATH="$HOME/.cargo/bin:$PATH"
SUDO=; [ "$(id -u)" = 0 ] || SUDO=sudo
_t0=${_t0:-$SECONDS}
step() { printf '\n=== %s (t+%ss)\n' "$*" "$((SECONDS - _t0))"; }
note() { printf '    %s\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# True when rustup has a wasm32-unknown-unknown std installed (a user's laptop): then the plain
# rustup toolchain builds the core and Debian's rustc-web is not needed.
have_rustup_wasm_target() {
  command -v rustup >/dev/null 2>&1 &&
    rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown
}
