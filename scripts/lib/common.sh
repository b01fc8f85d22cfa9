# Shared helpers for scripts/run, scripts/test and scripts/bench. Source it; do not run it.
# Everything here is idempotent: a second call finds the work done and returns.

TRAININGD_ROOT=${TRAININGD_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}

log() { if [ -t 2 ] && [ -z "${NO_COLOR:-}" ]; then printf '\033[1m==>\033[0m %s\n' "$*" >&2; else printf '==> %s\n' "$*" >&2; fi; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Runs a command as root: directly when we are root, through sudo otherwise.
as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"
    elif command -v sudo >/dev/null 2>&1; then sudo "$@"
    else die "need root to run: $* (install sudo or run as root)"; fi
}

# ensure_apt_packages PKG...: installs the Debian packages that are not installed yet.
ensure_apt_packages() {
    local missing=() pkg
    for pkg in "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    log "installing ${missing[*]}"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# postgresql also brings pg_dump, pg_restore and pg_basebackup (backup and failover tests);
# man-db and groff-base render and check the man pages; systemd provides systemd-analyze
# and systemd-socket-activate (unit and socket-activation tests; no running systemd needed).
ensure_build_dependencies() {
    ensure_apt_packages postgresql libpq-dev pkg-config man-db groff-base systemd
    command -v swift >/dev/null 2>&1 || die "swift is not on PATH: install the Swift 6 toolchain (swift.org) first"
}

# Prints the directory holding initdb/pg_ctl/postgres (not on PATH on Debian).
pg_bindir() {
    local dir
    if command -v pg_config >/dev/null 2>&1; then
        dir=$(pg_config --bindir)
        [ -x "$dir/initdb" ] && { echo "$dir"; return; }
    fi
    for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        [ -x "$dir/initdb" ] && { echo "$dir"; return; }
    done
    die "initdb not found (looked in pg_config --bindir and /usr/lib/postgresql/*/bin)"
}

# The cluster runs as this user: initdb refuses root, so root hands it to 'postgres'.
cluster_user() { if [ "$(id -u)" -eq 0 ]; then echo postgres; else id -un; fi; }

as_cluster_user() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# start_throwaway_cluster DIR: a private cluster listening only on a socket in DIR.
# Only the 'postgres' role is trusted; every other role needs a password (so libpq's
# password sources are really exercised by the tests).
start_throwaway_cluster() {
    local dir=$1 bindir
    bindir=$(pg_bindir)
    mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres: "$dir"
    chmod 700 "$dir"
    as_cluster_user "$bindir/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --nosync >/dev/null \
        || die "initdb failed in $dir"
    cat > "$dir/data/pg_hba.conf" <<HBA
local all postgres trust
local all all scram-sha-256
HBA
    [ "$(id -u)" -eq 0 ] && chown postgres: "$dir/data/pg_hba.conf"
    as_cluster_user "$bindir/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -t 60 \
        -o "-k $dir -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
        start >/dev/null || { cat "$dir/postgres.log" >&2; die "PostgreSQL did not start"; }
}

stop_throwaway_cluster() {
    local dir=$1
    [ -d "$dir/data" ] && as_cluster_user "$(pg_bindir)/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$dir"
}

# The Python reference Varlink client, in a venv of the project's own.
ensure_varlink_venv() {
    local venv="$TRAININGD_ROOT/.venv"
    if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import varlink' 2>/dev/null; then
        log "creating $venv with varlink 31.0.0"
        python3 -m venv "$venv" 2>/dev/null || { ensure_apt_packages python3-venv; python3 -m venv "$venv"; }
        "$venv/bin/pip" install -q varlink==31.0.0
    fi
    echo "$venv/bin/python"
}
