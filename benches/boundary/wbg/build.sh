#!/usr/bin/env bash
# One-off: builds wbg/lib.rs (the core behind a wasm-bindgen API) in a scratch crate OUTSIDE the
# repository and runs wasm-bindgen-cli (`web` target). The project never depends on this.
#   needs: Debian rustc-web toolchain (as scripts/build), and wasm-bindgen-cli 0.2.130
#          (cargo install wasm-bindgen-cli@0.2.130 --root /tmp/wbg-cli   # unlocked: ~2.5-4.5 min)
#   usage: benches/boundary/wbg/build.sh [SCRATCH_DIR=/tmp/wbg-bench]
#   then:  WBG_DIR=$SCRATCH_DIR/out-web scripts/bench
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
SCRATCH=${1:-/tmp/wbg-bench}
WBG_VERSION=0.2.130
WBG=${WBG:-$(command -v wasm-bindgen || echo /tmp/wbg-cli/bin/wasm-bindgen)}
[ -x "$WBG" ] || { echo "wasm-bindgen-cli $WBG_VERSION missing (see the header of $0)" >&2; exit 1; }
[ "$("$WBG" --version | awk '{print $2}')" = "$WBG_VERSION" ] || { echo "wasm-bindgen-cli must be $WBG_VERSION" >&2; exit 1; }

# The core, copied as it is now, minus its wit-bindgen glue: depending on $ROOT directly would link
# the component's exports (and their `opencode:background-agent/host` imports) into the
# wasm-bindgen module, since a cdylib exports every #[export_name] function of its dependencies.
mkdir -p "$SCRATCH/core" "$SCRATCH/crate/src"
rm -rf "$SCRATCH/core/src" "$SCRATCH/core/wit"
cp -r "$ROOT/src" "$ROOT/wit" "$ROOT/Cargo.toml" "$ROOT/Cargo.lock" "$SCRATCH/core/"
grep -qx 'mod component;' "$SCRATCH/core/src/lib.rs" || { echo "src/lib.rs changed: update $0" >&2; exit 1; }
sed -i 's/^mod component;$/mod component {}/' "$SCRATCH/core/src/lib.rs"
cp "$HERE/lib.rs" "$SCRATCH/crate/src/lib.rs"
# Start from the project's lockfile so serde/serde_json/uuid resolve to the same versions.
cp "$ROOT/Cargo.lock" "$SCRATCH/crate/Cargo.lock"
cat > "$SCRATCH/crate/Cargo.toml" <<TOML
[package]
name = "background-agent-wbg"
version = "0.0.0"
edition = "2024"
publish = false

[lib]
crate-type = ["cdylib"]

[dependencies]
opencode-background-agent = { path = "$SCRATCH/core" }
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

RF=()
[ -e /usr/bin/rust-lld ] || RF+=(-C linker=wasm-ld-19)
cd "$SCRATCH/crate"
env -u RUSTUP_TOOLCHAIN PATH="/usr/bin:$PATH" RUSTC=/usr/bin/rustc RUSTDOC=/usr/bin/rustdoc \
    RUSTC_BOOTSTRAP=1 RUSTFLAGS="${RF[*]}" CARGO_TARGET_DIR="$SCRATCH/target" \
    /usr/bin/cargo build --release --target wasm32-unknown-unknown -Zbuild-std=std,panic_abort
CORE="$SCRATCH/target/wasm32-unknown-unknown/release/background_agent_wbg.wasm"
rm -rf "$SCRATCH/out-web"
"$WBG" --target web --remove-name-section --remove-producers-section --out-dir "$SCRATCH/out-web" "$CORE"
echo "{\"type\":\"module\"}" > "$SCRATCH/out-web/package.json"
echo "out-web: $(stat -c %s "$SCRATCH/out-web/background_agent_wbg_bg.wasm") B wasm + $(stat -c %s "$SCRATCH/out-web/background_agent_wbg.js") B js"
