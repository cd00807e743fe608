#!/bin/sh
# Installs the ParkPulse edge agent as a systemd service. Run it as root from the unpacked archive:
#   sudo ./install.sh
# It creates the system user 'parkpulse', /opt/parkpulse-agent, /etc/parkpulse-agent (with an
# example agent.yaml if there is none), /var/lib/parkpulse-agent, /var/log/parkpulse-agent and the
# unit parkpulse-agent.service, which it enables. Running it again upgrades the program and keeps
# the configuration and the stored readings.
# DESTDIR=/some/dir installs into that tree instead, without the user and systemctl (for packaging).
set -eu
here="$(cd "$(dirname "$0")" && pwd)"
root="${DESTDIR:-}"

if [ -z "$root" ] && [ "$(id -u)" != 0 ]; then
  echo "install.sh must run as root: sudo $0" >&2
  exit 1
fi
if [ -z "$root" ] && ! java -version 2>&1 | grep -Eq 'version "(1[7-9]|[2-9][0-9])'; then
  echo "Java 17 or later is needed first (Debian/Ubuntu: apt install openjdk-17-jre-headless)" >&2
  exit 1
fi
if [ -z "$root" ] && ! id parkpulse >/dev/null 2>&1; then
  useradd --system --home-dir /var/lib/parkpulse-agent --no-create-home \
    --shell /usr/sbin/nologin parkpulse
fi
# Serial ports (RS-485 adapters, BeiDou receivers) belong to the group dialout.
if [ -z "$root" ] && getent group dialout >/dev/null 2>&1; then
  usermod -a -G dialout parkpulse
fi
owner=parkpulse
[ -n "$root" ] && owner="$(id -un)"

install -d "$root/opt/parkpulse-agent"
rm -rf "$root/opt/parkpulse-agent/lib"
cp -R "$here/bin" "$here/lib" "$here/config" "$root/opt/parkpulse-agent/"
install -m 0755 "$here/uninstall.sh" "$root/opt/parkpulse-agent/uninstall.sh"
install -d -m 0750 "$root/etc/parkpulse-agent"
if [ ! -f "$root/etc/parkpulse-agent/agent.yaml" ]; then
  install -m 0640 "$here/config/agent.example.yaml" "$root/etc/parkpulse-agent/agent.yaml"
  fresh=yes
fi
install -d -m 0750 "$root/var/lib/parkpulse-agent" "$root/var/log/parkpulse-agent"
if [ -z "$root" ]; then
  chgrp parkpulse /etc/parkpulse-agent /etc/parkpulse-agent/agent.yaml
  chown "$owner:$owner" /var/lib/parkpulse-agent /var/log/parkpulse-agent
fi
install -d "$root/usr/local/bin" "$root/etc/systemd/system"
ln -sf /opt/parkpulse-agent/bin/parkpulse-agent "$root/usr/local/bin/parkpulse-agent"
install -m 0644 "$here/parkpulse-agent.service" "$root/etc/systemd/system/parkpulse-agent.service"

if [ -z "$root" ]; then
  systemctl daemon-reload
  systemctl enable parkpulse-agent.service
fi

echo "Installed. Next:"
if [ "${fresh:-no}" = yes ]; then
  echo "  1. edit /etc/parkpulse-agent/agent.yaml (gateway, device secret, machines)"
fi
echo "  2. parkpulse-agent check /etc/parkpulse-agent/agent.yaml"
echo "  3. systemctl restart parkpulse-agent && parkpulse-agent status"
