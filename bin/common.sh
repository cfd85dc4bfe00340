# Shared by bin/demo and bin/test: find Python 3.11, install missing Debian
# packages, create or reuse the virtualenv and install the project into it.
# shellcheck shell=bash

ROOT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${VENV:-$ROOT_DIR/.venv}"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# apt_install PACKAGE...: install Debian packages, as root or through sudo.
apt_install() {
    local sudo=()
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null 2>&1 \
            || die "these Debian packages are needed: $*. Install them as root (apt-get install -y $*) and run this command again."
        sudo=(sudo)
    fi
    command -v apt-get >/dev/null 2>&1 \
        || die "apt-get not found: install $* with your system's package manager and run this command again."
    say "Installing Debian packages: $*"
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@"
}

# find_python: a Python 3.11 able to create virtualenvs (Debian 12's python3).
find_python() {
    local candidate
    for candidate in "${PYTHON:-}" python3.11 python3; do
        [ -n "$candidate" ] || continue
        if command -v "$candidate" >/dev/null 2>&1 \
            && "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null; then
            PYTHON="$(command -v "$candidate")"
            break
        fi
    done
    if [ -z "${PYTHON:-}" ]; then
        apt_install python3 python3-venv python3-pip
        PYTHON="$(command -v python3)"
        "$PYTHON" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' \
            || die "Python 3.11 is required (Debian 12's python3); found $("$PYTHON" --version). Set PYTHON=/path/to/python3.11."
    fi
    # Debian ships venv's pip bootstrap separately.
    "$PYTHON" -c 'import ensurepip, venv' 2>/dev/null || apt_install python3-venv python3-pip
}

# ensure_venv EXTRAS: create .venv if needed and install the project with the
# given extras ("" or "test"); skipped when pyproject.toml has not changed.
ensure_venv() {
    local extras="$1" stamp spec
    if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c 'import sys' 2>/dev/null; then
        find_python
        say "Creating the virtualenv in $VENV"
        rm -rf "$VENV"
        "$PYTHON" -m venv "$VENV"
    fi
    spec="."
    [ -n "$extras" ] && spec=".[$extras]"
    stamp="$(sha256sum "$ROOT_DIR/pyproject.toml" | cut -d' ' -f1)-$extras"
    if [ "$(cat "$VENV/.installed" 2>/dev/null)" != "$stamp" ]; then
        say "Installing the project ($spec) into $VENV"
        "$VENV/bin/python" -m pip install --quiet --upgrade pip
        (cd "$ROOT_DIR" && "$VENV/bin/python" -m pip install --quiet -e "$spec")
        echo "$stamp" > "$VENV/.installed"
    fi
}

# free_port: an unused TCP port on loopback.
free_port() {
    "$VENV/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# find_pg_bin: Debian keeps initdb and pg_ctl off PATH, in a versioned folder.
find_pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true; }

# start_postgres: a throwaway PostgreSQL server in a temporary folder (as the
# postgres user when run as root), trust auth on a free loopback port, with a
# database "hukumat"; exports DATABASE_URL. Pair with `trap stop_postgres EXIT`.
# Autovacuum is off: between the suite's flushes it analysed tables while
# they held a handful of rows, and a test that then filled them inside its
# transaction was planned for 4 pages instead of thousands (nested loops that
# ran for 15 minutes: the CI timeouts). Without it the planner sizes tables
# from their files, the same way in every run.
start_postgres() {
    PG_BIN="${PG_BIN:-$(find_pg_bin)}"
    [ -x "$PG_BIN/initdb" ] || die "PostgreSQL is not installed: apt-get install -y postgresql"
    PG_DIR="$(mktemp -d /tmp/hukumat-pg.XXXXXX)"
    AS_PG=()
    if [ "$(id -u)" -eq 0 ]; then
        # initdb refuses to run as root: the server runs as Debian's postgres user.
        chown postgres:postgres "$PG_DIR"
        AS_PG=(runuser -u postgres --)
    fi
    PG_PORT="$(free_port)"
    say "Starting a throwaway PostgreSQL ($("$PG_BIN/postgres" --version | awk '{print $3}')) on 127.0.0.1:$PG_PORT"
    "${AS_PG[@]}" "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
    "${AS_PG[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
        -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c autovacuum=off" \
        start >/dev/null || { cat "$PG_DIR/server.log" >&2; die "PostgreSQL did not start (log above)."; }
    "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres hukumat
    export DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/hukumat"
}

# stop_postgres: stop the throwaway server and delete its folder (safe to call twice).
stop_postgres() {
    if [ -n "${PG_DIR:-}" ] && [ -d "$PG_DIR" ]; then
        "${AS_PG[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
        rm -rf "$PG_DIR"
    fi
}
