#!/usr/bin/env bash
# netlab's Gradescope autograder, step 1 (run once, when Gradescope builds the
# image): install what grading needs, then build the grader.
#
# What grading needs: the Rust toolchain (student code is built with cargo),
# bubblewrap (the sandbox every build and run goes through), python3 (the
# Python track) and a C linker. Each is installed only when missing, so the
# script also runs on a machine that already has them.
#
# Paths: this script's own folder is the package (`/autograder/source` on
# Gradescope). NETLAB_CARGO_PROFILE chooses the grader's build profile
# (default `release`); CARGO_TARGET_DIR, when set, is honoured.
set -euo pipefail

SOURCE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PROFILE="${NETLAB_CARGO_PROFILE:-release}"

missing() { ! command -v "$1" >/dev/null 2>&1; }

if [ -d "$HOME/.cargo/bin" ]; then PATH="$HOME/.cargo/bin:$PATH"; fi

packages=()
missing bwrap && packages+=(bubblewrap)
missing python3 && packages+=(python3)
missing cc && packages+=(build-essential)
missing git && packages+=(git)
if missing cargo; then missing curl && packages+=(curl ca-certificates); fi
if [ "${#packages[@]}" -gt 0 ]; then
  echo "netlab setup: installing ${packages[*]}"
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${packages[@]}"
fi

if missing cargo; then
  echo "netlab setup: installing the Rust toolchain (rustup, stable, minimal profile)"
  curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs |
    sh -s -- -y --quiet --profile minimal --default-toolchain stable
  PATH="$HOME/.cargo/bin:$PATH"
fi
cargo --version

# Build the grader once; every submission then only builds its own code.
cd "$SOURCE/netlab"
cargo build --locked --quiet --profile "$PROFILE" --package xtask
target="${CARGO_TARGET_DIR:-$SOURCE/netlab/target}"
case "$PROFILE" in dev) folder=debug ;; *) folder="$PROFILE" ;; esac
mkdir -p "$SOURCE/bin"
cp "$target/$folder/xtask" "$SOURCE/bin/netlab"
echo "netlab setup: grader ready at $SOURCE/bin/netlab"
