#!/usr/bin/env bash
# Installs the Debian packages the test suite needs, if they are missing:
# chromium (driven by Playwright; never downloaded by Playwright), poppler-utils (pdftotext) and
# HarfBuzz's subsetter, which WeasyPrint uses to embed fonts (without it, it warns on every PDF).
set -euo pipefail
missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v pdftotext >/dev/null || missing+=(poppler-utils)
ldconfig -p | grep -q libharfbuzz-subset || missing+=(libharfbuzz-subset0)
[ ${#missing[@]} -eq 0 ] && exit 0
echo "Installing ${missing[*]} (Debian packages)…"
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
