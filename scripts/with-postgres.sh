#!/usr/bin/env bash
# Runs a command beside a throwaway PostgreSQL server, for the PostgreSQL half of the tests:
#   bash scripts/with-postgres.sh npm test
# It makes a fresh cluster in a temporary folder, starts it on a free port on 127.0.0.1 only (its
# socket in that folder too), creates a role and a database for the tests, and sets TEST_DATABASE_URL
# for the command. The server is stopped and the folder removed when the command ends, however it ends.
# When no server can be started, it says why and runs the command anyway, with TEST_DATABASE_UNAVAILABLE
# set to the reason, so the PostgreSQL tests report themselves skipped with it instead of passing.
# It installs nothing: .ci/run installs Debian's postgresql package when it is missing.
set -uo pipefail

say() { echo "with-postgres: $*" >&2; }

if [[ $# -eq 0 ]]; then
  echo "usage: $0 COMMAND [ARGS...]   (for example: $0 npm test)" >&2
  exit 2
fi

workdir=''
pg_bin=''
as_owner=()

cleanup() {
  if [[ -n $workdir ]]; then
    if [[ -f $workdir/data/postmaster.pid ]]; then
      "${as_owner[@]}" "$pg_bin/pg_ctl" -D "$workdir/data" -m immediate -w stop >/dev/null 2>&1
    fi
    rm -rf "$workdir"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# The newest server binaries Debian installed (they are not on PATH), else initdb/pg_ctl on PATH.
find_bin() {
  local dir
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [[ -x $dir/initdb && -x $dir/pg_ctl ]]; then echo "$dir"; return 0; fi
  done
  if command -v initdb >/dev/null && command -v pg_ctl >/dev/null; then dirname "$(command -v initdb)"; return 0; fi
  return 1
}

free_port() {
  node -e "const s = require('node:net').createServer(); s.listen(0, '127.0.0.1', () => { process.stdout.write(String(s.address().port)); s.close(); });"
}

# Sets url, or why it could not.
url=''
why=''
start_server() {
  pg_bin=$(find_bin) || { why='PostgreSQL server programs (initdb, pg_ctl) are not installed'; return 1; }
  workdir=$(mktemp -d "${TMPDIR:-/tmp}/news-pg.XXXXXX") || { why='cannot make a temporary folder'; return 1; }
  # initdb refuses to run as root: the cluster then belongs to the postgres user.
  if [[ $(id -u) -eq 0 ]]; then
    id postgres >/dev/null 2>&1 || { why='running as root and there is no postgres user to own the cluster'; return 1; }
    chown postgres: "$workdir"
    as_owner=(runuser -u postgres --)
  fi
  chmod 700 "$workdir"
  local port password
  port=$(free_port) || { why='cannot find a free port on 127.0.0.1'; return 1; }
  password=$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')
  # Local socket connections (only the owner can reach the folder) are trusted; TCP needs the password.
  "${as_owner[@]}" "$pg_bin/initdb" -D "$workdir/data" -U postgres -E UTF8 --no-locale --auth-local=trust --auth-host=scram-sha-256 --no-sync \
    >"$workdir/initdb.log" 2>&1 || { why="initdb failed: $(tail -n 3 "$workdir/initdb.log" | tr '\n' ' ')"; return 1; }
  # Durability is pointless for a throwaway cluster; turning it off keeps the tests fast.
  "${as_owner[@]}" "$pg_bin/pg_ctl" -D "$workdir/data" -l "$workdir/server.log" -w -t 30 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $workdir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    start >/dev/null 2>&1 || { why="the server did not start: $(tail -n 3 "$workdir/server.log" 2>/dev/null | tr '\n' ' ')"; return 1; }
  # The tests create a database per test file, so the role may create databases.
  "${as_owner[@]}" "$pg_bin/psql" -q -h "$workdir" -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 \
    -c "CREATE ROLE news_test LOGIN CREATEDB PASSWORD '$password'" -c 'CREATE DATABASE news_test OWNER news_test' \
    >"$workdir/psql.log" 2>&1 || { why="cannot create the test role and database: $(tail -n 2 "$workdir/psql.log" | tr '\n' ' ')"; return 1; }
  url="postgres://news_test:$password@127.0.0.1:$port/news_test"
  say "PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') is listening on 127.0.0.1:$port (database news_test)"
}

if start_server; then
  export TEST_DATABASE_URL=$url
  unset TEST_DATABASE_UNAVAILABLE
else
  say "no PostgreSQL for this run: $why; its tests will be reported as skipped"
  unset TEST_DATABASE_URL
  export TEST_DATABASE_UNAVAILABLE=$why
fi

"$@"
