#!/bin/bash
# Install or upgrade the DigiQuartier central server on Debian 12/13 (amd64 or arm64). Re-running
# it is the upgrade: the code of this checkout (or unpacked tarball) becomes a new release beside
# the old one, with its own venv from the locked, hashed server requirements (no Kivy). It is
# migrated, its static files collected, started on a spare port and asked for /healthz before
# the server switches to it; if the switched server does not answer, it goes back to the old
# release. /etc/digiquartier/server.env and the data are kept.
#
#   sudo deploy/server/install.sh --postgres    first install, with a local PostgreSQL database
#   sudo deploy/server/install.sh               upgrade (or an SQLite install for trying it out)
#   deploy/server/install.sh --root DIR         tests: all below DIR, no user, no systemctl
#
# Options:
#   --root DIR      install below DIR (implies --no-apt --no-systemctl, no user, no chown)
#   --no-apt        do not install Debian packages
#   --no-pip        venv without packages, no migration and no check (tests of the layout)
#   --no-systemctl  do not enable or (re)start units
#   --postgres      create the PostgreSQL role and database "digiquartier" (first install)
#   --name NAME     release name (default: version and time)
#   --keep N        releases kept besides the current and the previous one (default 2)
set -euo pipefail

ROOT=/
APT=1
PIP=1
SYSTEMCTL=1
POSTGRES=0
NAME=
KEEP=2
SOURCE=$(cd "$(dirname "$0")/../.." && pwd -P)
SERVER_USER=digiquartier
UNIT=digiquartier-server.service
TIMERS=(digiquartier-server-slots.timer digiquartier-server-purge.timer
    digiquartier-server-backup.timer digiquartier-server-report.timer)

APT_PACKAGES=(
    python3 python3-venv   # the server's venv (all Python packages come from the lock)
    sqlite3                # backups of an SQLite install
    postgresql-client      # pg_dump / pg_restore for backups
    curl                   # the health check
    nginx                  # TLS, static files, buffering (deploy/server/nginx-digiquartier.conf)
)

die() { echo "FEHLER: $*" >&2; exit 1; }
step() { echo "==> $*"; }

while [ $# -gt 0 ]; do
    case "$1" in
        --root) ROOT=$2; APT=0; SYSTEMCTL=0; shift 2 ;;
        --no-apt) APT=0; shift ;;
        --no-pip) PIP=0; shift ;;
        --no-systemctl) SYSTEMCTL=0; shift ;;
        --postgres) POSTGRES=1; shift ;;
        --name) NAME=$2; shift 2 ;;
        --keep) KEEP=$2; shift 2 ;;
        -h | --help) sed -n '2,/^[^#]/s/^# \{0,1\}//p' "$0"; exit 0 ;;
        *) die "unbekannte Option $1 (siehe --help)" ;;
    esac
done

R=${ROOT%/}
REAL=0
if [ -z "$R" ]; then
    [ "$(id -u)" = 0 ] || die "bitte mit sudo starten (oder --root DIR zum Ausprobieren)"
    REAL=1
fi
BASE=$R/opt/digiquartier
ENV_FILE=$R/etc/digiquartier/server.env
VERSION=$(sed -n 's/^__version__ = "\(.*\)"/\1/p' "$SOURCE/kiosk/__init__.py")
NAME=${NAME:-$VERSION-$(date -u +%Y%m%d%H%M%S)}
NEW=$BASE/releases/$NAME
[ -e "$NEW" ] && die "Version $NAME ist schon installiert ($NEW)"

if [ "$APT" = 1 ]; then
    step "Debian-Pakete"
    [ "$POSTGRES" = 1 ] && APT_PACKAGES+=(postgresql)
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${APT_PACKAGES[@]}"
fi

if [ "$REAL" = 1 ] && ! id "$SERVER_USER" > /dev/null 2>&1; then
    step "Systembenutzer $SERVER_USER"
    useradd --system --user-group --home-dir /var/lib/digiquartier \
        --shell /usr/sbin/nologin --comment "DigiQuartier Server" "$SERVER_USER"
fi

step "Ordner unter ${R:-/}"
install -d -m 0755 "$BASE/releases" "$R/etc/digiquartier" "$R/usr/local/bin" \
    "$R/etc/systemd/system" "$R/etc/nginx/sites-available"
install -d -m 0750 "$R/var/lib/digiquartier" "$R/var/backups/digiquartier"
if [ "$REAL" = 1 ]; then
    chown "$SERVER_USER:$SERVER_USER" /var/lib/digiquartier /var/backups/digiquartier
fi

if [ "$POSTGRES" = 1 ] && [ "$REAL" = 1 ]; then
    step "PostgreSQL: Rolle und Datenbank digiquartier"
    if [ -z "$(runuser -u postgres -- psql -tAc "SELECT 1 FROM pg_roles WHERE rolname = '$SERVER_USER'")" ]; then
        runuser -u postgres -- createuser "$SERVER_USER"
    fi
    if [ -z "$(runuser -u postgres -- psql -tAc "SELECT 1 FROM pg_database WHERE datname = 'digiquartier'")" ]; then
        runuser -u postgres -- createdb --owner "$SERVER_USER" digiquartier
    fi
fi

step "Einstellungen /etc/digiquartier/server.env"
if [ -e "$ENV_FILE" ]; then
    echo "    vorhanden, bleibt unverändert"
    [ "$POSTGRES" = 1 ] && ! grep -q '^DATABASE_URL=' "$ENV_FILE" &&
        echo "    Hinweis: DATABASE_URL=postgres:///digiquartier dort selbst eintragen"
else
    secret=$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))')
    if [ "$POSTGRES" = 1 ]; then
        database_line="DATABASE_URL=postgres:///digiquartier"
    else
        database_line="#DATABASE_URL=postgres:///digiquartier"
    fi
    sed -e "s|@SECRET_KEY@|$secret|" -e "s|@DATABASE_LINE@|$database_line|" \
        "$SOURCE/deploy/server/server.env.example" > "$ENV_FILE.new"
    chmod 0640 "$ENV_FILE.new"
    mv "$ENV_FILE.new" "$ENV_FILE"
    echo "    neu angelegt – bitte DJANGO_ALLOWED_HOSTS und die Adressen anpassen"
fi
if [ "$REAL" = 1 ]; then
    chown root:"$SERVER_USER" "$ENV_FILE"
fi

step "Version $NAME nach $NEW"
install -d -m 0755 "$NEW/app"
# What the server runs: its package, the rules it shares with the kiosk (kiosk/), the demo
# content (seed_demo), the lock and the deploy files. No tests, no screens, no kiosk GUI.
tar -C "$SOURCE" -cf - --exclude=__pycache__ kiosk server assets/demo deploy pyproject.toml \
    README.md LICENSE | tar -C "$NEW/app" -xf -
if [ "$PIP" = 1 ]; then
    python3 -m venv "$NEW/venv"
    "$NEW/venv/bin/python" -m pip install -q --disable-pip-version-check --require-hashes \
        --only-binary=:all: --no-deps -r "$NEW/app/deploy/requirements/server.txt"
else
    python3 -m venv --without-pip "$NEW/venv"
fi

# The server's settings for the new release's processes (data below DIR with --root).
load_env() {
    set -a
    # shellcheck disable=SC1090  # the installed settings file
    . "$ENV_FILE"
    set +a
    if [ -n "$R" ]; then export DQ_VAR_DIR=$R/var/lib/digiquartier; fi
    export PYTHONPATH=$NEW/app:$NEW/app/server
}

# A command as the server user on a real system (runuser keeps the environment).
as_server() {
    if [ "$REAL" = 1 ]; then
        runuser -u "$SERVER_USER" -- "$@"
    else
        "$@"
    fi
}

# Django of the new release.
new_manage() {
    (load_env; as_server "$NEW/venv/bin/python" "$NEW/app/server/manage.py" "$@")
}

# The new release on a spare port, asked for /healthz, stopped again.
check_release() {
    local port pid host status ok=0
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    (load_env
     cd "$NEW/app/server"
     gunicorn=("$NEW/venv/bin/gunicorn" -c "$NEW/app/server/dqserver/gunicorn_conf.py"
               --bind "127.0.0.1:$port" --workers 1 dqserver.wsgi)
     if [ "$REAL" = 1 ]; then
         exec runuser -u "$SERVER_USER" -- "${gunicorn[@]}"
     fi
     exec "${gunicorn[@]}") > "$NEW/check.log" 2>&1 &
    pid=$!
    host=$(sed -n 's/^DJANGO_ALLOWED_HOSTS=\([^,]*\).*/\1/p' "$ENV_FILE")
    for _ in $(seq 30); do
        status=$(curl --silent --max-time 2 --output /dev/null --write-out '%{http_code}' \
            -H "X-Forwarded-Proto: https" -H "Host: $host" "http://127.0.0.1:$port/healthz" ||
            true)
        [ "$status" = 200 ] && ok=1
        # 000: not listening yet; any other answer is the release's verdict.
        [ "$status" != 000 ] && break
        sleep 1
    done
    kill "$pid" 2> /dev/null || true
    wait "$pid" 2> /dev/null || true
    [ "$ok" = 1 ] || { tail -n 20 "$NEW/check.log" >&2; return 1; }
}

if [ "$PIP" = 1 ]; then
    step "Datenbank migrieren, statische Dateien, Prüfung"
    new_manage migrate --noinput
    new_manage collectstatic --noinput --clear > /dev/null
    new_manage check --deploy --fail-level WARNING ||
        die "die neue Version besteht \`manage.py check --deploy\` nicht (siehe oben); die bisherige läuft weiter"
    check_release || die "die neue Version antwortet nicht auf /healthz (Protokoll: $NEW/check.log); die bisherige läuft weiter"
fi

step "systemd-Units, Befehl digiquartier-server, nginx-Vorlage"
install -m 0644 "$SOURCE"/deploy/server/systemd/*.service "$SOURCE"/deploy/server/systemd/*.timer \
    "$R/etc/systemd/system/"
install -m 0755 "$SOURCE/deploy/server/bin/digiquartier-server" "$R/usr/local/bin/digiquartier-server"
for site in nginx-digiquartier.conf nginx-digiquartier-proxy.conf; do
    target=$R/etc/nginx/sites-available/${site#nginx-}
    [ "$site" = nginx-digiquartier-proxy.conf ] && target=$R/etc/nginx/digiquartier-proxy.conf
    [ -e "$target" ] || install -m 0644 "$SOURCE/deploy/server/$site" "$target"
done

step "Umschalten auf $NAME"
old=$(readlink "$BASE/current" 2> /dev/null || true)
ln -sfn "releases/$NAME" "$BASE/current.new"
mv -T "$BASE/current.new" "$BASE/current"
if [ -n "$old" ]; then
    ln -sfn "$old" "$BASE/previous.new"
    mv -T "$BASE/previous.new" "$BASE/previous"
fi

if [ "$SYSTEMCTL" = 1 ]; then
    systemctl daemon-reload
    systemctl enable "$UNIT" "${TIMERS[@]}"
    systemctl restart "$UNIT"
    systemctl start "${TIMERS[@]}"
    if ! (for _ in $(seq 20); do digiquartier-server health > /dev/null 2>&1 && exit 0; sleep 1; done
          exit 1); then
        if [ -n "$old" ]; then
            echo "Der Server antwortet nicht mit $NAME: zurück auf ${old#releases/}" >&2
            digiquartier-server rollback
        fi
        die "Server antwortet nicht auf /healthz: journalctl -u $UNIT"
    fi
fi

step "Alte Versionen aufräumen (bleiben: aktuelle, vorige und $KEEP weitere)"
keep_current=$(readlink "$BASE/current")
keep_previous=$(readlink "$BASE/previous" 2> /dev/null || true)
# shellcheck disable=SC2012  # release names have no spaces (version and time)
ls -1t "$BASE/releases" | while read -r release; do
    case "releases/$release" in
        "$keep_current" | "$keep_previous") continue ;;
    esac
    if [ "$KEEP" -gt 0 ]; then
        KEEP=$((KEEP - 1))
    else
        rm -rf "${BASE:?}/releases/$release"
    fi
done
step "Installation fertig: $NAME. Nächste Schritte: server/README.md, Abschnitt Betrieb"
