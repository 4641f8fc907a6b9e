#!/usr/bin/env bash
# One-off measurement (docs/boundary.md): builds, from ONE commit of the core, both
#   $SCRATCH/component/background_agent.wasm  the component, as scripts/build makes it, and
#   $SCRATCH/out-web/                         wbg/lib.rs (the core behind a tiny wasm-bindgen API),
#                                             through wasm-bindgen-cli --target web,
# in a scratch crate OUTSIDE the repository. The project never depends on wasm-bindgen.
#   needs: the Debian rustc-web toolchain and wasm-tools (as scripts/build), and wasm-bindgen-cli
#          0.2.130:  cargo install wasm-bindgen-cli@0.2.130 --root /tmp/wbg-cli   (unlocked; 2.5-4.5 min)
#   usage: benches/boundary/wbg/build.sh [SCRATCH=/tmp/wbg-bench]    env: REV=HEAD (commit to build)
#   then:  BENCH_COMPONENT=$SCRATCH/component/background_agent.wasm WBG_DIR=$SCRATCH/out-web scripts/bench boundary
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
SCRATCH=${1:-/tmp/wbg-bench}
REV=${REV:-HEAD}
WBG_VERSION=0.2.130
WBG=${WBG:-$(command -v wasm-bindgen || echo /tmp/wbg-cli/bin/wasm-bindgen)}
[ -x "$WBG" ] || { echo "wasm-bindgen-cli $WBG_VERSION missing (see the header of $0)" >&2; exit 1; }
[ "$("$WBG" --version | awk '{print $2}')" = "$WBG_VERSION" ] || { echo "wasm-bindgen-cli must be $WBG_VERSION" >&2; exit 1; }
export PATH="$HOME/.cargo/bin:$PATH"
command -v wasm-tools >/dev/null || { echo "wasm-tools missing: scripts/setup" >&2; exit 1; }

# The Debian toolchain exactly as scripts/build invokes it.
wasm_cargo() {
  local rf=()
  [ -e /usr/bin/rust-lld ] || rf+=(-C linker=wasm-ld-19)
  env -u RUSTUP_TOOLCHAIN PATH="/usr/bin:$PATH" RUSTC=/usr/bin/rustc RUSTDOC=/usr/bin/rustdoc \
      RUSTC_BOOTSTRAP=1 RUSTFLAGS="${rf[*]}" \
      /usr/bin/cargo build --release --target wasm32-unknown-unknown -Zbuild-std=std,panic_abort "$@"
}

commit=$(git -C "$ROOT" rev-parse "$REV")
echo "core at $commit"
rm -rf "$SCRATCH/core" "$SCRATCH/core-wbg"
mkdir -p "$SCRATCH/core" "$SCRATCH/crate/src" "$SCRATCH/component"
git -C "$ROOT" archive "$commit" Cargo.toml Cargo.lock src wit | tar -x -C "$SCRATCH/core"
echo "$commit" > "$SCRATCH/commit"

# 1. The component, from the untouched copy.
(cd "$SCRATCH/core" && CARGO_TARGET_DIR="$SCRATCH/target-component" wasm_cargo --locked --lib)
wasm-tools component new "$SCRATCH/target-component/wasm32-unknown-unknown/release/background_agent.wasm" \
  -o "$SCRATCH/component/background_agent.wasm"
wasm-tools validate "$SCRATCH/component/background_agent.wasm"

# 2. The wasm-bindgen build. Its copy of the core leaves out the wit-bindgen glue: depending on
# the crate as it is would link the component's exports (and their `opencode:background-agent/host`
# imports) into the wasm-bindgen module, since a cdylib exports every #[export_name] function of
# its dependencies.
cp -r "$SCRATCH/core" "$SCRATCH/core-wbg"
grep -qx 'mod component;' "$SCRATCH/core-wbg/src/lib.rs" || { echo "src/lib.rs changed: update $0" >&2; exit 1; }
sed -i 's/^mod component;$/mod component {}/' "$SCRATCH/core-wbg/src/lib.rs"
cp "$HERE/lib.rs" "$SCRATCH/crate/src/lib.rs"
# Start from the project's lockfile so serde/serde_json/uuid resolve to the same versions.
cp "$SCRATCH/core/Cargo.lock" "$SCRATCH/crate/Cargo.lock"
cat > "$SCRATCH/crate/Cargo.toml" <<TOML
[package]
name = "background-agent-wbg"
version = "0.0.0"
edition = "2024"
publish = false

[lib]
crate-type = ["cdylib"]

[dependencies]
opencode-background-agent = { path = "$SCRATCH/core-wbg" }
serde = { version = "1", features = ["derive"] }
serde_json = "1"
wasm-bindgen = "=$WBG_VERSION"

# The project's release profile, except strip: wasm-bindgen reads the target_features section.
[profile.release]
opt-level = "s"
lto = true
codegen-units = 1
panic = "abort"
strip = "debuginfo"
debug = false
TOML
(cd "$SCRATCH/crate" && CARGO_TARGET_DIR="$SCRATCH/target" wasm_cargo)
rm -rf "$SCRATCH/out-web"
"$WBG" --target web --remove-name-section --remove-producers-section --out-dir "$SCRATCH/out-web" \
  "$SCRATCH/target/wasm32-unknown-unknown/release/background_agent_wbg.wasm"
echo '{"type":"module"}' > "$SCRATCH/out-web/package.json"

echo "component: $(stat -c %s "$SCRATCH/component/background_agent.wasm") B"
echo "out-web:   $(stat -c %s "$SCRATCH/out-web/background_agent_wbg_bg.wasm") B wasm + $(stat -c %s "$SCRATCH/out-web/background_agent_wbg.js") B js"
