#!/usr/bin/env bash
# Installs the Debian packages the test suite needs, if they are missing:
# chromium (driven by Playwright; never downloaded by Playwright) and poppler-utils (pdftotext).
set -euo pipefail
missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v pdftotext >/dev/null || missing+=(poppler-utils)
[ ${#missing[@]} -eq 0 ] && exit 0
echo "Installing ${missing[*]} (Debian packages)…"
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
