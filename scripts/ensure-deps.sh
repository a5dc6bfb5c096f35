#!/usr/bin/env bash
# Installs what Verzend needs on a fresh Debian machine with Node.js 20:
# pnpm (pinned), the workspace's packages (from the lockfile), nats-server, and
# LibreOffice with the UNO bridge and metric-compatible fonts (the renderer
# prints PDFs with it).
# Safe to run again: each step is skipped when already done.
set -euo pipefail
cd "$(dirname "$0")/.."

PNPM_VERSION=12.4.2
if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm --version 2>/dev/null)" != "$PNPM_VERSION" ]; then
  echo "› installing pnpm $PNPM_VERSION"
  npm install --global --silent "pnpm@$PNPM_VERSION" >/dev/null
fi

if [ ! -d node_modules/.pnpm ] || [ pnpm-lock.yaml -nt node_modules/.modules.yaml ]; then
  echo "› installing packages"
  pnpm install --frozen-lockfile --reporter=silent
fi

if ! command -v nats-server >/dev/null 2>&1 && [ ! -x /usr/sbin/nats-server ]; then
  echo "› installing nats-server (Debian package)"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq nats-server >/dev/null
fi

# The renderer's designer-page test drives Debian's Chromium (playwright-core, no downloaded browser);
# only the test command asks for it.
if [ "${1:-}" = "--for-tests" ] && [ ! -x /usr/bin/chromium ]; then
  echo "› installing chromium (Debian package, for the preview page test)"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi

# Printing to PDF: LibreOffice Writer without a GUI, Debian's UNO bridge for /usr/bin/python3, and
# fonts metric-compatible with Calibri/Cambria/Arial/Times so Word layouts keep their line breaks.
# The tests also read PDFs with poppler's pdftotext/pdfinfo.
PRINT_PACKAGES="libreoffice-writer-nogui python3-uno fonts-liberation fonts-crosextra-carlito fonts-crosextra-caladea fonts-dejavu"
if [ "${1:-}" = "--for-tests" ]; then PRINT_PACKAGES="$PRINT_PACKAGES poppler-utils"; fi
MISSING=""
for pkg in $PRINT_PACKAGES; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    MISSING="$MISSING $pkg"
  fi
done
if [ -n "$MISSING" ]; then
  echo "› installing LibreOffice and fonts for printing (Debian packages:$MISSING)"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $MISSING >/dev/null
fi
