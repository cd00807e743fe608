#!/bin/sh
# Removes the ParkPulse edge agent's program and service. The configuration
# (/etc/parkpulse-agent) and the stored readings (/var/lib/parkpulse-agent) stay unless --purge
# is given: readings not yet sent would be lost with them.
set -eu
root="${DESTDIR:-}"
if [ -z "$root" ] && [ "$(id -u)" != 0 ]; then
  echo "uninstall.sh must run as root: sudo $0" >&2
  exit 1
fi
if [ -z "$root" ]; then
  systemctl disable --now parkpulse-agent.service 2>/dev/null || true
fi
rm -f "$root/etc/systemd/system/parkpulse-agent.service" "$root/usr/local/bin/parkpulse-agent"
rm -rf "$root/opt/parkpulse-agent"
if [ "${1:-}" = "--purge" ]; then
  rm -rf "$root/etc/parkpulse-agent" "$root/var/lib/parkpulse-agent" "$root/var/log/parkpulse-agent"
  if [ -z "$root" ] && id parkpulse >/dev/null 2>&1; then
    userdel parkpulse
  fi
  echo "Removed, with the configuration and the stored readings."
else
  echo "Removed. Kept /etc/parkpulse-agent and /var/lib/parkpulse-agent (remove with --purge)."
fi
[ -z "$root" ] && systemctl daemon-reload || true
