#!/usr/bin/env bash
# Installs what Verzend needs on a fresh Debian machine with Node.js 20:
# pnpm (pinned), the workspace's packages (from the lockfile) and nats-server.
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

# The renderer's fidelity test prints each layout with LibreOffice (PDF → PNG with poppler) beside
# its email, in the fonts the layouts use; only the test command asks for them.
if [ "${1:-}" = "--for-tests" ] && { [ ! -x /usr/bin/soffice ] || [ ! -x /usr/bin/pdftoppm ] || [ ! -d /usr/share/fonts/truetype/crosextra ]; }; then
  echo "› installing LibreOffice Writer, poppler and fonts (Debian packages, for the fidelity test)"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq libreoffice-writer-nogui poppler-utils \
    fonts-liberation2 fonts-dejavu fonts-crosextra-carlito fonts-crosextra-caladea >/dev/null
fi
