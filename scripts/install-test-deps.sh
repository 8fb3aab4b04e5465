#!/usr/bin/env bash
# Installs the Debian packages the test suite drives for real: SoftHSM2 (the HSM key provider)
# and Chromium (the web app's browser tests), with a Devanagari font so screenshots of the Hindi
# screens are legible, and Poppler's tools that read printed PDFs back. Does nothing when they
# are already there.
set -euo pipefail

need=()
command -v softhsm2-util >/dev/null 2>&1 || need+=(softhsm2)
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || need+=(chromium)
[ -e /usr/share/fonts/truetype/lohit-devanagari/Lohit-Devanagari.ttf ] || need+=(fonts-lohit-deva)
# Poppler's pdftotext, pdffonts and pdfimages read printed documents back (text, fonts, QR codes).
command -v pdftotext >/dev/null 2>&1 && command -v pdfimages >/dev/null 2>&1 || need+=(poppler-utils)
if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "Install these packages with your system's package manager: ${need[*]}" >&2
  exit 1
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
echo "Installing ${need[*]} (Debian packages used by the HSM and browser tests)"
$sudo apt-get update
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${need[@]}"
