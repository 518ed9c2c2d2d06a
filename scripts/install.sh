#!/usr/bin/env bash
# Installs gptimg: the C libraries it builds against, a release build, and the binary in
# /usr/local/bin (or ~/.local/bin when not root). Run from anywhere in the checkout.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
# The Swift runtime is linked in: the tool starts faster and runs without a Swift toolchain.
swift build -c release --static-swift-stdlib --product gptimg

bin_dir=/usr/local/bin
if [ "$(id -u)" -ne 0 ] && [ ! -w "$bin_dir" ]; then
  bin_dir="$HOME/.local/bin"
  mkdir -p "$bin_dir"
fi
install -m 0755 "$(swift build -c release --show-bin-path)/gptimg" "$bin_dir/gptimg"
echo "Installed $bin_dir/gptimg ($("$bin_dir/gptimg" --version))"
case ":$PATH:" in *":$bin_dir:"*) ;; *) echo "Add $bin_dir to your PATH to run gptimg by name." ;; esac
