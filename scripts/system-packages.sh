#!/usr/bin/env bash
# Installs the Debian packages Dwarsverbinder needs when they are missing:
#   base:  python3-venv (Debian splits venv out of python3), nodejs + npm (front-end packages),
#          Pango, HarfBuzz and DejaVu fonts (WeasyPrint renders the PDF downloads with them)
#   test:  chromium (browser tests), gettext (checks the compiled translations)
# Runs apt-get as root, or through sudo when that is available. Does nothing when all is there.
set -euo pipefail

want=()
python3 -c 'import venv, ensurepip' 2>/dev/null || want+=(python3-venv)
command -v npm >/dev/null 2>&1 || want+=(nodejs npm)
{ ldconfig -p || /sbin/ldconfig -p; } 2>/dev/null | grep -q 'libpangoft2-1.0.so.0' || want+=(libpango-1.0-0 libpangoft2-1.0-0)
{ ldconfig -p || /sbin/ldconfig -p; } 2>/dev/null | grep -q 'libharfbuzz-subset.so.0' || want+=(libharfbuzz-subset0)
[ -d /usr/share/fonts/truetype/dejavu ] || want+=(fonts-dejavu-core)
if [ "${1:-}" = "test" ]; then
  [ -x /usr/bin/chromium ] || want+=(chromium)
  command -v msgfmt >/dev/null 2>&1 || want+=(gettext)
fi
[ ${#want[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
  apt_get=(apt-get)
elif command -v sudo >/dev/null 2>&1; then
  apt_get=(sudo apt-get)
else
  echo "Please install these Debian packages first: ${want[*]}" >&2
  exit 1
fi
echo "Installing Debian packages: ${want[*]}"
DEBIAN_FRONTEND=noninteractive "${apt_get[@]}" update -qq
DEBIAN_FRONTEND=noninteractive "${apt_get[@]}" install -y -qq --no-install-recommends "${want[@]}" >/dev/null
