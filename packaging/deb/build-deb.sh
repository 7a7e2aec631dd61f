#!/usr/bin/env bash
# Package the one-folder bundle as a .deb: /opt/iro-desktop, /usr/bin/iro and
# /usr/bin/iro-desktop, a desktop entry and the icon; Depends lists the system libraries Qt
# needs (resources/linux/qt-libraries.txt), so apt installs them with the package.
#
#   bash packaging/deb/build-deb.sh "dist/IRO Desktop"    ->  dist/iro-desktop_VERSION_amd64.deb
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
bundle="${1:?the PyInstaller bundle folder}"
version="$(sed -n 's/^__version__ = "\(.*\)"/\1/p' iro_desktop/__init__.py)"
arch="$(dpkg --print-architecture)"
stage="$(mktemp -d "${TMPDIR:-/tmp}/iro-deb.XXXXXX")"
trap 'rm -rf "$stage"' EXIT
chmod 755 "$stage"

mkdir -p "$stage/DEBIAN" "$stage/opt" "$stage/usr/bin" "$stage/usr/share/applications" \
    "$stage/usr/share/icons/hicolor/256x256/apps" "$stage/usr/share/doc/iro-desktop"
cp -a "$bundle" "$stage/opt/iro-desktop"
ln -s /opt/iro-desktop/iro "$stage/usr/bin/iro"
ln -s /opt/iro-desktop/iro-desktop "$stage/usr/bin/iro-desktop"
cp packaging/deb/iro-desktop.desktop "$stage/usr/share/applications/"
cp resources/icons/iro-desktop.png "$stage/usr/share/icons/hicolor/256x256/apps/"
cp "$bundle/_internal/resources/licences/README.txt" "$stage/usr/share/doc/iro-desktop/copyright"

depends="$(grep -v '^#' resources/linux/qt-libraries.txt | awk 'NF == 2 {print $2}' \
    | sort -u | paste -sd, - | sed 's/,/, /g')"
size="$(du -sk "$stage" | cut -f1)"
cat > "$stage/DEBIAN/control" <<CONTROL
Package: iro-desktop
Version: ${version}
Section: misc
Priority: optional
Architecture: ${arch}
Installed-Size: ${size}
Depends: ${depends}
Recommends: libenchant-2-2, hunspell-en-gb
Maintainer: IRO Desktop <iro-desktop@invalid>
Description: Offline desktop application for Independent Reviewing Officers
 The caseload of looked-after children with the statutory review timetable, recording
 reviews, quality assurance, review minutes as Word documents and the annual IRO report,
 kept encrypted (SQLCipher) on this computer. Includes the iro command.
CONTROL
mkdir -p dist
out="dist/iro-desktop_${version}_${arch}.deb"
dpkg-deb --build --root-owner-group -Zgzip "$stage" "$out" >/dev/null  # xz takes minutes
echo "built $out"
