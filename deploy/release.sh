#!/bin/bash
# Install a kiosk version beside the running one, check it, switch to it, and switch back if it
# does not come up. Called by install.sh; also usable alone for an update:
#
#   sudo deploy/release.sh SOURCE_DIR          new release from a checkout / unpacked tarball
#   sudo deploy/release.sh --rollback          back to the previous release
#
# Layout: /opt/digiquartier/releases/<version>-<date>/{app,venv}, `current` and `previous`
# are symlinks to releases. A new release also brings the systemd units and the commands in
# /usr/local/bin (they run whichever release is current, also an older one after a rollback).
# Options (for CI and image building):
#   --root DIR        install below DIR instead of /  (implies --no-systemctl)
#   --name NAME       release folder name (default: <pyproject version>-<YYYYmmdd-HHMMSS>)
#   --no-pip          make the venv without pip and install no packages (CI without network)
#   --no-systemctl    do not restart the kiosk service
#   --no-health       skip `python -m digiquartier health` (only with --no-pip in CI)
#   --keep N          releases to keep (default 3; current and previous are always kept)
set -euo pipefail

ROOT=/
NAME=""
PIP=1
HEALTH=1
SYSTEMCTL=1
KEEP=3
ROLLBACK=0
SOURCE=""
KIOSK_USER=digiquartier
SERVICE=digiquartier-kiosk.service
# How long a restarted kiosk must stay up without restarting to count as healthy.
SETTLE_SECONDS=${DQ_SETTLE_SECONDS:-30}
# This script's own deploy folder: the units and commands it installs come from here.
HERE=$(cd "$(dirname "$0")" && pwd -P)

die() { echo "FEHLER: $*" >&2; exit 1; }
step() { echo "==> $*"; }

while [ $# -gt 0 ]; do
    case "$1" in
        --root) ROOT=$2; SYSTEMCTL=0; shift 2 ;;
        --name) NAME=$2; shift 2 ;;
        --no-pip) PIP=0; shift ;;
        --no-systemctl) SYSTEMCTL=0; shift ;;
        --no-health) HEALTH=0; shift ;;
        --keep) KEEP=$2; shift 2 ;;
        --rollback) ROLLBACK=1; shift ;;
        -h | --help) sed -n '2,/^[^#]/s/^# \{0,1\}//p' "$0"; exit 0 ;;
        -*) die "unbekannte Option $1" ;;
        *) SOURCE=$1; shift ;;
    esac
done

R=${ROOT%/}
OPT=$R/opt/digiquartier
CONFIG=$R/etc/digiquartier/kiosk.toml
DATA=$R/var/lib/digiquartier
REAL=0
if [ -z "$R" ] && [ "$(id -u)" = 0 ]; then
    REAL=1
fi

# Run `python -m digiquartier health [--release]` of a release (digiquartier-run: `-m kiosk` in a
# release from before), as the kiosk user on a real system. With --release (before switching):
# on a snapshot of the live data, every screen built offscreen.
health() {
    local release=$1
    shift
    if [ "$HEALTH" = 0 ]; then
        echo "    übersprungen (--no-health)"
        return 0
    fi
    local -a as_user=()
    if [ "$REAL" = 1 ] && id "$KIOSK_USER" > /dev/null 2>&1; then
        as_user=(runuser -u "$KIOSK_USER" --)
    fi
    "${as_user[@]}" env DIGIQUARTIER_CONFIG="$CONFIG" DIGIQUARTIER_DATA="$DATA" \
        DQ_APP="$release/app" DQ_PYTHON="$release/venv/bin/python" \
        "$HERE/bin/digiquartier-run" health "$@"
}

# The systemd units and the commands outside the releases (digiquartier, digiquartier-run):
# the newest ones, which run any release, the one before digiquartier.py included.
install_entry_points() {
    install -d -m 0755 "$R/etc/systemd/system" "$R/usr/local/bin"
    install -m 0644 "$HERE"/systemd/*.service "$HERE"/systemd/*.timer "$R/etc/systemd/system/"
    install -m 0755 "$HERE/bin/digiquartier" "$HERE/bin/digiquartier-run" "$R/usr/local/bin/"
    if [ "$SYSTEMCTL" = 1 ]; then
        systemctl daemon-reload
    fi
}

# Point the symlink $1 at releases/$2 in one atomic rename.
point() {
    ln -sfn "releases/$2" "$OPT/.$1.new"
    mv -T "$OPT/.$1.new" "$OPT/$1"
}

# After a restart: the service is active and has not restarted for SETTLE_SECONDS.
service_stays_up() {
    local before after
    systemctl restart "$SERVICE" || return 1
    before=$(systemctl show -p NRestarts --value "$SERVICE")
    sleep "$SETTLE_SECONDS"
    after=$(systemctl show -p NRestarts --value "$SERVICE")
    systemctl is-active --quiet "$SERVICE" && [ "$before" = "$after" ]
}

switch_back() {
    local to=$1
    step "Zurück zu $to"
    point current "$to"
    if [ "$SYSTEMCTL" = 1 ]; then
        systemctl restart "$SERVICE" || true
    fi
}

if [ "$ROLLBACK" = 1 ]; then
    [ -L "$OPT/previous" ] || die "keine vorherige Version in $OPT/previous"
    old=$(basename "$(readlink "$OPT/previous")")
    now=$(basename "$(readlink "$OPT/current")")
    switch_back "$old"
    point previous "$now"
    exit 0
fi

[ -n "$SOURCE" ] || die "Aufruf: $0 [Optionen] QUELLORDNER   (oder --rollback)"
SOURCE=$(cd "$SOURCE" && pwd -P)
if [ ! -f "$SOURCE/pyproject.toml" ] || [ ! -d "$SOURCE/kiosk" ]; then
    die "$SOURCE ist kein Kiosk-Quellordner"
fi

LOCK=$SOURCE/deploy/requirements/kiosk.txt
[ -f "$LOCK" ] || die "$LOCK fehlt: ohne gesperrte Paketliste wird nichts installiert"
version=$(PYTHONPATH=$SOURCE python3 -c 'import kiosk; print(kiosk.__version__)')
NAME=${NAME:-$version-$(date +%Y%m%d-%H%M%S)}
DEST=$OPT/releases/$NAME
[ ! -e "$DEST" ] || die "$DEST gibt es schon"

# A release that fails before it is switched to leaves nothing behind.
switched=0
discard_unfinished() {
    if [ "$switched" = 0 ] && [ -d "$DEST" ]; then
        rm -rf "$DEST"
    fi
}
trap discard_unfinished EXIT

step "Neue Version $NAME nach $DEST"
mkdir -p "$DEST/app"
for part in digiquartier.py kiosk screens sync assets deploy pyproject.toml; do
    if [ -e "$SOURCE/$part" ]; then
        cp -a "$SOURCE/$part" "$DEST/app/"
    fi
done
find "$DEST/app" -name __pycache__ -prune -exec rm -rf {} +
echo "$NAME" > "$DEST/RELEASE"

# The kiosk's packages exactly as locked and tested (never the server's): every file checked
# against its hash, wheels only, nothing resolved on the Pi.
cp "$LOCK" "$DEST/requirements.txt"

if [ "$PIP" = 1 ]; then
    step "Python-Umgebung mit $(grep -c '^[a-z]' "$DEST/requirements.txt") gesperrten Paketen"
    python3 -m venv "$DEST/venv"
    "$DEST/venv/bin/pip" install --quiet --disable-pip-version-check --no-deps \
        --require-hashes --only-binary=:all: -r "$DEST/requirements.txt"
else
    step "Python-Umgebung ohne Pakete (--no-pip)"
    python3 -m venv --without-pip "$DEST/venv"
fi

if [ "$REAL" = 1 ] && [ -f "$DATA/kiosk.db" ]; then
    step "Datenbank sichern vor dem Wechsel"
    runuser -u "$KIOSK_USER" -- env DIGIQUARTIER_DATA="$DATA" \
        "$DEST/app/deploy/bin/digiquartier-backup" "kiosk-before-$NAME"
fi

step "Gesundheitsprüfung der neuen Version (Datenbank-Kopie, alle Bildschirme)"
if ! health "$DEST" --release; then
    echo "Die neue Version $NAME besteht die Prüfung nicht; die laufende Version bleibt." >&2
    exit 1
fi

old=""
if [ -L "$OPT/current" ]; then
    old=$(basename "$(readlink "$OPT/current")")
fi
step "Umschalten: ${old:-(keine)} -> $NAME"
install_entry_points
point current "$NAME"
switched=1
if [ -n "$old" ] && [ "$old" != "$NAME" ]; then
    point previous "$old"
fi

if [ "$SYSTEMCTL" = 1 ]; then
    step "Kiosk neu starten und ${SETTLE_SECONDS}s beobachten"
    if ! service_stays_up || ! health "$DEST"; then
        echo "Die neue Version $NAME läuft nicht stabil." >&2
        if [ -n "$old" ]; then
            switch_back "$old"
            point previous "$NAME"
        fi
        exit 1
    fi
fi

step "Alte Versionen aufräumen (behalte $KEEP)"
keep_current=$(basename "$(readlink "$OPT/current")")
keep_previous=""
if [ -L "$OPT/previous" ]; then
    keep_previous=$(basename "$(readlink "$OPT/previous")")
fi
# shellcheck disable=SC2012  # release names are ours: no spaces or newlines
ls -1t "$OPT/releases" | tail -n +"$((KEEP + 1))" | while read -r release; do
    if [ "$release" != "$keep_current" ] && [ "$release" != "$keep_previous" ]; then
        echo "    entferne $release"
        rm -rf "${OPT:?}/releases/$release"
    fi
done
step "Fertig: $NAME läuft"
