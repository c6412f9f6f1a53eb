#!/usr/bin/env bash
# Install the named Debian packages if any is missing. As root it runs apt-get; otherwise it
# prints the command for an administrator and fails.
set -euo pipefail
missing=()
for pkg in "$@"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ]; then
  echo "Cài gói hệ thống: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # Refresh the package lists once per machine (a fresh machine has none).
  if [ ! -f /var/lib/apt/periodic/thanhson-updated ] || ! apt-get install -y -q "${missing[@]}"; then
    apt-get update -q
    mkdir -p /var/lib/apt/periodic && touch /var/lib/apt/periodic/thanhson-updated
    apt-get install -y -q "${missing[@]}"
  fi
else
  echo "Thiếu gói hệ thống. Chạy với quyền root:" >&2
  echo "  sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
