#!/usr/bin/env bash
# Install what the operating system lacks for QA Desk, or say exactly what to install.
#   libpulse0          QtMultimedia (call recordings)
#   fonts-wqy-microhei Chinese text in the app and in PDFs
#   poppler-utils      pdftotext / pdftoppm for PDF checks
#   postgresql         the team-database tests
#   espeak-ng, sox     demo recordings (optional)
set -u
packages=(libpulse0 fonts-wqy-microhei poppler-utils postgresql)
missing=()
for pkg in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "qa-desk setup: please install with your package manager: ${missing[*]}" >&2
  echo "(the app runs without them, but audio, Chinese fonts, PDF checks or PostgreSQL tests will not)" >&2
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "qa-desk setup: these system packages are missing: ${missing[*]}" >&2
  echo "Install them with:" >&2
  echo "    sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
  exit 0
fi
echo "qa-desk setup: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
  || { echo "qa-desk setup: apt-get install ${missing[*]} failed" >&2; exit 1; }
