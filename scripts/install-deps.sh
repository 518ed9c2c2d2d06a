#!/usr/bin/env bash
# Installs the system libraries gptimg builds against (Debian / Ubuntu).
set -euo pipefail
packages=(pkg-config zlib1g-dev libpng-dev libjpeg62-turbo-dev libwebp-dev)
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update
$sudo apt-get install -y --no-install-recommends "${packages[@]}"
