#!/usr/bin/env bash
# A short run of every fuzz target from its seeds: catches a target that no longer builds or
# an input that now crashes. The long runs (10 million executions each) are separate:
#   cargo +nightly fuzz run TARGET fuzz/corpus/TARGET fuzz/seeds/TARGET -- -runs=10000000
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

# Per target: this many executions or seconds, whichever comes first (qr_options, which
# draws a QR code per input, is the one that hits the time limit). A fixed libFuzzer seed
# makes a failure reproducible.
runs=${FUZZ_SMOKE_RUNS:-30000}
seconds=${FUZZ_SMOKE_SECONDS:-10}

if ! rustup run nightly rustc --version >/dev/null 2>&1; then
  echo "error: cargo-fuzz needs the nightly toolchain: rustup toolchain install nightly" >&2
  exit 1
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "cargo-fuzz is missing: installing it (cargo install cargo-fuzz --locked, a few minutes)"
  cargo install cargo-fuzz --locked
fi
if ! cargo +nightly metadata --locked --format-version 1 --manifest-path fuzz/Cargo.toml >/dev/null; then
  echo "error: fuzz/Cargo.lock is out of date; run 'cargo update --workspace' in fuzz/ and commit it" >&2
  exit 1
fi

cargo +nightly fuzz build
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
for target in $(cargo +nightly fuzz list); do
  # New inputs go to a scratch corpus, so the committed seeds stay as they are.
  corpus=("$scratch/$target")
  mkdir -p "${corpus[0]}"
  if [ -d "fuzz/seeds/$target" ]; then
    corpus+=("fuzz/seeds/$target")
  fi
  echo "--- fuzz $target: $runs runs or ${seconds}s"
  if ! cargo +nightly fuzz run "$target" "${corpus[@]}" -- \
      -runs="$runs" -max_total_time="$seconds" -seed=1 -print_final_stats=1 >"$scratch/$target.log" 2>&1; then
    cat "$scratch/$target.log" >&2
    echo "error: fuzz target $target failed; the input is in fuzz/artifacts/$target/" >&2
    exit 1
  fi
  grep -E "^#[0-9]+[[:space:]]+DONE" "$scratch/$target.log" || {
    cat "$scratch/$target.log" >&2
    echo "error: fuzz target $target did not finish its runs" >&2
    exit 1
  }
done
