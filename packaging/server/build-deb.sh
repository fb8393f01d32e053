#!/usr/bin/env bash
# Pack the server's PyInstaller bundle (dist/qlvb-server) as a Debian package:
#   /opt/qlvb-server/                      the bundle; /usr/bin/qlvb-server links to it
#   /etc/qlvb-server/qlvb-server.conf      settings (a conffile: upgrades keep the admin's edits)
#   qlvb-server.service                    runs /usr/lib/qlvb-server/qlvb-server-run (init on first start)
#   qlvb-server-backup.{service,timer}     nightly backup into /var/backups/qlvb-server
#   /etc/logrotate.d/qlvb-server           weekly rotation of /var/log/qlvb-server/server.log
# Usage: packaging/server/build-deb.sh BUNDLE_DIR VERSION OUT_DIR
set -euo pipefail
bundle=$1 version=$2 out=$3
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
[ -x "$bundle/qlvb-server" ] || { echo "server-deb: no bundle in $bundle" >&2; exit 1; }
arch=$(dpkg --print-architecture)
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/opt" "$root/usr/bin" "$root/usr/lib/qlvb-server" "$root/lib/systemd/system" \
  "$root/etc/qlvb-server" "$root/etc/logrotate.d" "$root/usr/share/doc/qlvb-server" "$root/DEBIAN"
cp -a "$bundle" "$root/opt/qlvb-server"
ln -s /opt/qlvb-server/qlvb-server "$root/usr/bin/qlvb-server"
install -m 755 "$here/qlvb-server-run" "$here/qlvb-server-backup" "$root/usr/lib/qlvb-server/"
install -m 644 "$here/qlvb-server.service" "$here/qlvb-server-backup.service" "$here/qlvb-server-backup.timer" \
  "$root/lib/systemd/system/"
install -m 640 "$here/qlvb-server.conf" "$root/etc/qlvb-server/qlvb-server.conf"
install -m 644 "$here/qlvb-server.logrotate" "$root/etc/logrotate.d/qlvb-server"
install -m 644 "$repo/docs/install.md" "$root/usr/share/doc/qlvb-server/install.md"
size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
cat > "$root/DEBIAN/control" <<CONTROL
Package: qlvb-server
Version: $version
Architecture: $arch
Maintainer: qlvb-desktop <qlvb@localhost>
Installed-Size: $size
Depends: adduser, logrotate
Recommends: postgresql
Section: net
Priority: optional
Description: central server of the clerk (văn thư) workstations
 Numbering, synchronization, documents and accounts of one or more organizations,
 on SQLite or PostgreSQL, as a systemd service with nightly backups.
CONTROL
printf '/etc/qlvb-server/qlvb-server.conf\n/etc/logrotate.d/qlvb-server\n' > "$root/DEBIAN/conffiles"
cat > "$root/DEBIAN/postinst" <<'POSTINST'
#!/bin/sh
set -e
if [ "$1" = configure ]; then
  getent passwd qlvb-server >/dev/null || adduser --system --group --home /var/lib/qlvb-server --no-create-home qlvb-server >/dev/null
  for d in /var/lib/qlvb-server /var/log/qlvb-server /var/backups/qlvb-server; do
    install -d -m 750 -o qlvb-server -g qlvb-server "$d"
  done
  chgrp qlvb-server /etc/qlvb-server /etc/qlvb-server/qlvb-server.conf
  chmod 770 /etc/qlvb-server
  if [ -d /run/systemd/system ]; then
    systemctl daemon-reload >/dev/null || true
    systemctl enable qlvb-server.service qlvb-server-backup.timer >/dev/null || true
    systemctl start qlvb-server-backup.timer >/dev/null || true
  fi
  echo "qlvb-server: điền /etc/qlvb-server/qlvb-server.conf và mật khẩu quản trị vào /etc/qlvb-server/admin-password, rồi: systemctl start qlvb-server"
fi
POSTINST
cat > "$root/DEBIAN/prerm" <<'PRERM'
#!/bin/sh
set -e
if [ -d /run/systemd/system ] && [ "$1" = remove ]; then
  systemctl stop qlvb-server.service qlvb-server-backup.timer >/dev/null 2>&1 || true
fi
PRERM
chmod 755 "$root/DEBIAN/postinst" "$root/DEBIAN/prerm"
mkdir -p "$out"
deb="$out/qlvb-server_${version}_${arch}.deb"
dpkg-deb --root-owner-group -Zzstd -z6 --build "$root" "$deb" >/dev/null
echo "$deb"
