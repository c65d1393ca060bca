#!/bin/sh
# Install the Debian packages the tests need, when they are missing.
set -e
need=""
[ -x /usr/bin/chromium ] || need="$need chromium"
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || need="$need nginx"
command -v pdftotext >/dev/null 2>&1 || need="$need poppler-utils"
[ -d /usr/share/fonts/opentype/noto ] || need="$need fonts-noto-cjk"
[ -z "$need" ] && exit 0
if [ "$(id -u)" = 0 ]; then
  echo "installing Debian packages:$need"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $need >/dev/null
else
  echo "missing Debian packages:$need — install them with: sudo apt-get install$need" >&2
  exit 1
fi
