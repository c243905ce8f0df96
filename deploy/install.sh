#!/bin/bash
# Install or upgrade the DigiQuartier kiosk on Raspberry Pi OS Bookworm (Pi 4/5). Re-running it
# upgrades in place: packages, user, units and scripts are brought up to date, the settings in
# /etc/digiquartier/kiosk.toml and the data in /var/lib/digiquartier are kept, and the code of
# this checkout is installed as a new release beside the old one (see release.sh).
#
#   sudo deploy/install.sh                     on the Pi, from a checkout or unpacked tarball
#   deploy/install.sh --root /tmp/pi --no-pip --no-health   CI: all below /tmp/pi, nothing else
#
# Options:
#   --root DIR      install below DIR (implies --no-apt --no-systemctl, no user, no chown)
#   --no-apt        do not install Debian packages
#   --no-pip        venv without packages (passed to release.sh)
#   --no-health     skip the release's health check (passed to release.sh; CI with --no-pip)
#   --no-systemctl  do not enable or (re)start units
#   --name NAME     release name (passed to release.sh)
set -euo pipefail

ROOT=/
APT=1
SYSTEMCTL=1
RELEASE_ARGS=()
SOURCE=$(cd "$(dirname "$0")/.." && pwd -P)
KIOSK_USER=digiquartier

APT_PACKAGES=(
    python3 python3-venv              # the kiosk's own venv (Kivy comes as a wheel from PyPI)
    cage xwayland                     # Wayland kiosk compositor: one app, full screen, no desktop
    libgl1 libegl1 libgles2 libmtdev1 # what Kivy's SDL2 needs on the Pi's GPU
    sqlite3                           # nightly backup with .backup
    espeak-ng                         # read-aloud, German voice included
    wlr-randr ddcutil                 # switching the screen off outside opening hours
)

die() { echo "FEHLER: $*" >&2; exit 1; }
step() { echo "==> $*"; }

while [ $# -gt 0 ]; do
    case "$1" in
        --root) ROOT=$2; APT=0; SYSTEMCTL=0; RELEASE_ARGS+=(--root "$2"); shift 2 ;;
        --no-apt) APT=0; shift ;;
        --no-pip) RELEASE_ARGS+=(--no-pip); shift ;;
        --no-health) RELEASE_ARGS+=(--no-health); shift ;;
        --no-systemctl) SYSTEMCTL=0; RELEASE_ARGS+=(--no-systemctl); shift ;;
        --name) RELEASE_ARGS+=(--name "$2"); shift 2 ;;
        -h | --help) sed -n '2,/^[^#]/s/^# \{0,1\}//p' "$0"; exit 0 ;;
        *) die "unbekannte Option $1 (siehe --help)" ;;
    esac
done

# Kivy, cffi and argon2-cffi-bindings publish wheels for 64-bit systems only; on 32-bit
# Raspberry Pi OS (armhf) pip would try to compile them and fail in cmake.
arch=$(dpkg --print-architecture 2> /dev/null || uname -m)
case "$arch" in
    arm64 | aarch64 | amd64 | x86_64) ;;
    *) die "Der Kiosk braucht ein 64-Bit-System (Raspberry Pi OS 64-bit, arm64); dieses ist $arch." ;;
esac

R=${ROOT%/}
REAL=0
if [ -z "$R" ]; then
    [ "$(id -u)" = 0 ] || die "bitte mit sudo starten (oder --root DIR zum Ausprobieren)"
    REAL=1
fi

if [ "$APT" = 1 ]; then
    step "Debian-Pakete"
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${APT_PACKAGES[@]}"
fi

if [ "$REAL" = 1 ]; then
    step "Systembenutzer $KIOSK_USER"
    if ! id "$KIOSK_USER" > /dev/null 2>&1; then
        useradd --system --user-group --home-dir /var/lib/digiquartier \
            --shell /usr/sbin/nologin --comment "DigiQuartier Kiosk" "$KIOSK_USER"
    fi
    # video/render: GPU and backlight; input: touchscreen; audio: read-aloud; i2c: ddcutil
    for group in video render input audio i2c; do
        if getent group "$group" > /dev/null; then
            usermod -a -G "$group" "$KIOSK_USER"
        fi
    done
fi

step "Ordner unter ${R:-/}"
install -d -m 0755 "$R/opt/digiquartier/releases" "$R/etc/digiquartier" "$R/usr/local/bin" \
    "$R/etc/systemd/system" "$R/etc/systemd/logind.conf.d" "$R/etc/systemd/journald.conf.d" \
    "$R/etc/pam.d" "$R/etc/sysctl.d" "$R/etc/udev/rules.d"
install -d -m 0750 "$R/var/lib/digiquartier" "$R/var/lib/digiquartier/backup" \
    "$R/var/lib/digiquartier/kivy"
if [ "$REAL" = 1 ]; then
    chown -R "$KIOSK_USER:$KIOSK_USER" /var/lib/digiquartier
fi

step "Einstellungen /etc/digiquartier/kiosk.toml"
if [ -e "$R/etc/digiquartier/kiosk.toml" ]; then
    echo "    vorhanden, bleibt unverändert"
else
    install -m 0640 "$SOURCE/deploy/etc/kiosk.toml.example" "$R/etc/digiquartier/kiosk.toml"
    echo "    neu angelegt aus kiosk.toml.example – bitte anpassen"
fi
if [ "$REAL" = 1 ]; then
    # root writes, the kiosk reads (and `digiquartier enrol` writes the server settings).
    chown root:"$KIOSK_USER" /etc/digiquartier
    chmod 0770 /etc/digiquartier
    chown "$KIOSK_USER:$KIOSK_USER" /etc/digiquartier/kiosk.toml
fi

step "Kiosk-Modus: Anmeldung, Konsolen, Journal, SysRq, Hintergrundbeleuchtung"
install -m 0644 "$SOURCE/deploy/etc/pam-digiquartier-kiosk" "$R/etc/pam.d/digiquartier-kiosk"
install -m 0644 "$SOURCE/deploy/etc/logind-digiquartier.conf" \
    "$R/etc/systemd/logind.conf.d/digiquartier.conf"
install -m 0644 "$SOURCE/deploy/etc/journald-digiquartier.conf" \
    "$R/etc/systemd/journald.conf.d/digiquartier.conf"
install -m 0644 "$SOURCE/deploy/etc/sysctl-digiquartier.conf" "$R/etc/sysctl.d/90-digiquartier.conf"
install -m 0644 "$SOURCE/deploy/etc/udev-90-digiquartier-backlight.rules" \
    "$R/etc/udev/rules.d/90-digiquartier-backlight.rules"

# The release brings the systemd units and the commands digiquartier and digiquartier-run
# (release.sh installs them with every new release, so an update by release.sh alone gets them).
step "Kiosk-Version installieren"
"$SOURCE/deploy/release.sh" "${RELEASE_ARGS[@]}" "$SOURCE"

if [ "$SYSTEMCTL" = 1 ]; then
    # Boot straight into the kiosk: no desktop, no login prompt on tty1.
    if systemctl is-enabled --quiet display-manager.service 2> /dev/null; then
        echo "    Desktop (display-manager) wird abgeschaltet"
        systemctl disable display-manager.service
    fi
    systemctl set-default graphical.target
    systemctl disable getty@tty1.service 2> /dev/null || true
    systemctl enable digiquartier-kiosk.service digiquartier-backup.timer digiquartier-purge.timer
    sysctl -q --load /etc/sysctl.d/90-digiquartier.conf || true
    udevadm control --reload || true
    systemctl restart systemd-journald.service || true
    systemctl start digiquartier-backup.timer digiquartier-purge.timer
fi
step "Installation fertig. Nächste Schritte: deploy/README.md, Abschnitt Checkliste"
