# Pinned tool versions, one place. Sourced by scripts/*.
WASM_TOOLS_VERSION=1.263.0
# Debian's rustc-web line that can target wasm32 with -Zbuild-std (bookworm-security).
RUSTC_WEB_MIN=1.96
