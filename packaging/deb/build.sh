#!/usr/bin/env bash
# Pack the PyInstaller one-folder bundle (dist/qlvb-desktop) as a Debian package:
#   /opt/qlvb-desktop/            the bundle (Python, Qt, libraries, fonts, trust roots, vie data)
#   /usr/bin/qlvb-desktop, qlvb   links to its two executables
#   /usr/share/applications/      the desktop menu entry, /usr/share/icons/ its icon
# The engine of OCR and Qt's X11 libraries come from Debian (Depends); everything Python does not.
# Usage: packaging/deb/build.sh BUNDLE_DIR VERSION OUT_DIR
set -euo pipefail
bundle=$1 version=$2 out=$3
here=$(cd "$(dirname "$0")" && pwd)
[ -x "$bundle/qlvb-desktop" ] && [ -x "$bundle/qlvb" ] || { echo "deb: no bundle in $bundle (run make bundle)" >&2; exit 1; }
arch=$(dpkg --print-architecture)
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/opt" "$root/usr/bin" "$root/usr/share/applications" "$root/usr/share/icons/hicolor/scalable/apps" "$root/DEBIAN"
cp -a "$bundle" "$root/opt/qlvb-desktop"
ln -s /opt/qlvb-desktop/qlvb-desktop "$root/usr/bin/qlvb-desktop"
ln -s /opt/qlvb-desktop/qlvb "$root/usr/bin/qlvb"
install -m 644 "$here/qlvb-desktop.desktop" "$root/usr/share/applications/qlvb-desktop.desktop"
install -m 644 "$here/qlvb-desktop.svg" "$root/usr/share/icons/hicolor/scalable/apps/qlvb-desktop.svg"
size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
depends=$(grep -v '^\s*#' "$here/depends.txt" | sed 's/#.*//' | xargs | sed 's/ /, /g')
cat > "$root/DEBIAN/control" <<CONTROL
Package: qlvb-desktop
Version: $version
Architecture: $arch
Maintainer: qlvb-desktop <qlvb@localhost>
Installed-Size: $size
Depends: $depends
Suggests: softhsm2, opensc-pkcs11, sane-utils
Section: misc
Priority: optional
Description: clerk (văn thư) workstation for Vietnamese government offices
 Scan paper documents to searchable PDF/A, register them in numbered register books,
 stamp the arrival number, sign with the organization's USB token (PKCS#11, PAdES),
 verify electronic documents and sync with the organization's server.
CONTROL
cat > "$root/DEBIAN/postinst" <<'POSTINST'
#!/bin/sh
set -e
if [ "$1" = configure ]; then
  command -v update-desktop-database >/dev/null && update-desktop-database -q /usr/share/applications || true
  command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q -t /usr/share/icons/hicolor || true
fi
POSTINST
chmod 755 "$root/DEBIAN/postinst"
mkdir -p "$out"
deb="$out/qlvb-desktop_${version}_${arch}.deb"
# zstd: xz takes minutes on a 500 MB tree on two cores; dpkg reads zstd since Debian 12.
dpkg-deb --root-owner-group -Zzstd -z6 --build "$root" "$deb" >/dev/null
echo "$deb"
