#!/usr/bin/env bash
# One idempotent set-up for `npm start`, `npm test` and CI. Each step checks before it acts, so a
# second run costs a few seconds. With --browser it also makes sure a Chromium is available for
# the browser test tiers.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf 'bootstrap: %s\n' "$*"; }

# 1. Rust and the WebAssembly target.
if ! command -v cargo >/dev/null; then
  say "cargo is not installed: install Rust with rustup (https://rustup.rs) and run this again." >&2
  exit 1
fi
if command -v rustup >/dev/null; then
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
fi

# 2. wasm-bindgen-cli at exactly the version of the wasm-bindgen crate in Cargo.lock.
if [ ! -f Cargo.lock ]; then
  cargo generate-lockfile
fi
want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if [ -z "$want" ]; then
  say "Cargo.lock names no wasm-bindgen version; run 'cargo generate-lockfile'." >&2
  exit 1
fi
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have" != "$want" ]; then
  say "installing wasm-bindgen-cli $want (found '${have:-none}'); this takes about three minutes once"
  cargo install wasm-bindgen-cli --version "$want" --force
fi

# 3. npm dependencies, reinstalled when package-lock.json changed since the last install.
stamp=node_modules/.bootstrap-lock-hash
hash=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -d node_modules ] || [ "$(cat "$stamp" 2>/dev/null)" != "$hash" ]; then
  say "installing npm dependencies"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$hash" > "$stamp"
fi

# 4. For tests: a Chromium and its driver.
if [ "${1:-}" = "--browser" ]; then
  if [ -n "${CHROME_PATH:-}" ]; then
    [ -x "$CHROME_PATH" ] || { say "CHROME_PATH=$CHROME_PATH is not an executable file." >&2; exit 1; }
  elif [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ] && { [ "$(id -u)" != 0 ] || [ -d /usr/share/fonts/truetype/wqy ]; }; then
    :
  elif [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    # A CJK font too, so screenshots of Chinese text show characters rather than empty boxes.
    say "installing Debian's chromium, chromium-driver and a CJK font"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver fonts-wqy-microhei >/dev/null
  else
    say "the browser tests need Chromium: install Debian's 'chromium' and 'chromium-driver' packages, or set CHROME_PATH to a Chromium or Chrome executable (and CHROMEDRIVER to its driver)." >&2
    exit 1
  fi
fi
say "ready"
