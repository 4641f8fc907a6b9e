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

# Installs js-glue/'s pinned npm dependencies (its package-lock.json) unless the stamp says they
# are current. package.json's allowScripts lets bun's postinstall link its binary (npm 11 refuses
# --allow-scripts in a project install); no other package runs install scripts.
ensure_js_glue_deps() {
  local stamp="$ROOT/js-glue/node_modules/.setup-stamp" want
  want=$(cat "$ROOT/js-glue/package.json" "$ROOT/js-glue/package-lock.json" | sha256sum | cut -c1-16)
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -x "$ROOT/js-glue/node_modules/.bin/bun" ]; then
    note "js-glue/node_modules up to date"
    return
  fi
  step "npm ci (js-glue)"
  (
    cd "$ROOT/js-glue"
    if ! npm ci --no-audit --no-fund >npm-ci.log 2>&1; then
      # A registry mirror without some optional platform packages (msgpackr-extract's
      # darwin/win32 builds) makes npm ci call the lockfile out of sync. npm install still
      # installs the locked versions; the committed lockfile is kept as it is.
      grep -m3 -E 'error (code|Missing)' npm-ci.log | sed 's/^/    /' || true
      note "npm ci refused the lockfile: npm install with the lockfile kept unchanged"
      cp package-lock.json package-lock.json.keep
      if ! npm install --no-audit --no-fund >npm-ci.log 2>&1; then
        mv package-lock.json.keep package-lock.json
        tail -20 npm-ci.log
        exit 1
      fi
      mv package-lock.json.keep package-lock.json
    fi
    rm -f npm-ci.log
  )
  [ -x "$ROOT/js-glue/node_modules/.bin/bun" ] || die "js-glue/node_modules/.bin/bun missing (was bun's postinstall skipped?)"
  echo "$want" > "$stamp"
}
