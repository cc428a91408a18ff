#!/usr/bin/env bash
# Install headless Chromium (Debian package) for the Solara/playwright browser tests.
# `playwright install` cannot download browsers offline; playwright is pointed at
# /usr/bin/chromium instead. Idempotent: does nothing if Chromium is already installed.
set -euo pipefail
chromium="${CHROMIUM:-/usr/bin/chromium}"
if [ -x "$chromium" ]; then
    echo "Chromium already installed: $chromium"
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "error: $chromium not found and apt-get is unavailable; install Chromium manually." >&2
    exit 1
fi
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
        SUDO=sudo
    else
        echo "error: $chromium not found. Installing it needs root: run" >&2
        echo "       sudo $0   (or: sudo apt-get update && sudo apt-get install -y chromium)" >&2
        exit 1
    fi
else
    SUDO=
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y --no-install-recommends chromium
if [ ! -x "$chromium" ]; then
    echo "error: apt-get finished but $chromium is still missing." >&2
    exit 1
fi
echo "Installed: $("$chromium" --version 2>/dev/null || echo "$chromium")"
