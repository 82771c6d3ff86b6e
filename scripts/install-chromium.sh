#!/bin/sh
# Installs Debian's Chromium for the lineage site's browser tests (test/site). Idempotent: does nothing when
# /usr/bin/chromium exists. Never downloads a browser any other way (no playwright install).
set -u
CHROMIUM=/usr/bin/chromium
if [ -x "$CHROMIUM" ]; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-chromium: $CHROMIUM is missing and apt-get is not available; install Chromium so that $CHROMIUM exists" >&2
  exit 1
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "install-chromium: need root (or sudo) to run apt-get install chromium" >&2
    exit 1
  fi
fi
echo "install-chromium: installing chromium with apt-get" >&2
if ! $SUDO apt-get update -q; then
  echo "install-chromium: apt-get update failed" >&2
  exit 1
fi
if ! DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q chromium; then
  echo "install-chromium: apt-get install chromium failed" >&2
  exit 1
fi
if [ ! -x "$CHROMIUM" ]; then
  echo "install-chromium: chromium installed but $CHROMIUM is missing" >&2
  exit 1
fi
echo "install-chromium: $($CHROMIUM --version 2>/dev/null || echo installed)" >&2
