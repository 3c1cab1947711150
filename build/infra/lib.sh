# shellcheck shell=bash
# Sourced by the build/ scripts: repository and data paths, messages, generated secrets.

unset CDPATH
SIKKERKEY_REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
SIKKERKEY_DATA=${SIKKERKEY_DATA:-$SIKKERKEY_REPO/.data}
mkdir -p "$SIKKERKEY_DATA"
SIKKERKEY_DATA=$(cd "$SIKKERKEY_DATA" && pwd -P)
export SIKKERKEY_REPO SIKKERKEY_DATA
SECRETS_DIR=$SIKKERKEY_DATA/secrets

say() { printf '%s: %s\n' "${0##*/}" "$*" >&2; }
die() { say "error: $*"; exit 1; }

# patience SECONDS: the time to wait for a server to start, stretched by the machine's load (the 1-minute load
# average per core, from 1 to 6 times): a loaded 2-core machine running a test suite starts RabbitMQ in minutes, not
# seconds, and a fixed limit there fails a healthy start. An idle machine still fails fast on a real problem.
patience() {
  local load cores factor
  read -r load _ </proc/loadavg
  cores=$(nproc)
  factor=$(( (${load%.*} + cores - 1) / cores ))
  (( factor < 1 )) && factor=1
  (( factor > 6 )) && factor=6
  echo $(( $1 * factor ))
}

# Closes every descriptor but stdin/stdout/stderr in the current (sub)shell. Call it in the
# subshell that execs a daemon, so the daemon holds no lock or pipe of its caller (a CI
# log reader would otherwise wait for it forever).
close_inherited_fds() {
  local fd
  for fd in /proc/self/fd/*; do
    fd=${fd##*/}
    if (( fd > 2 )); then eval "exec $fd>&-"; fi
  done
}

# apt-get for machines where a tool is missing; the lock serialises build/run and
# build/test installing at the same moment.
apt_install() {
  local arg packages=()
  for arg; do [[ $arg == -* ]] || packages+=("$arg"); done
  say "installing ${packages[*]} with apt"
  (
    flock 9
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >&2
  ) 9>/var/lock/sikkerkey-apt.lock
}

# kill -0 also succeeds for a zombie, which a non-reaping init may keep around.
alive() {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  [[ ${stat##*) } != Z* ]]
}

random_hex() { od -An -N"$1" -tx1 /dev/urandom | tr -d ' \n'; }

# Prints the secret stored in $SECRETS_DIR/<name>, generating it once with the given
# command. The lock keeps two scripts starting at once from writing different values.
secret() {
  local name=$1 file=$SECRETS_DIR/$1
  shift
  if [[ ! -s $file ]]; then
    mkdir -p "$SECRETS_DIR"
    chmod 0700 "$SECRETS_DIR"
    (
      flock 9
      if [[ ! -s $file ]]; then
        umask 077
        "$@" >"$file.tmp"
        mv "$file.tmp" "$file"
      fi
    ) 9>"$SECRETS_DIR/.lock"
  fi
  [[ -s $file ]] || die "could not create secret $name"
  cat "$file"
}

password() { secret "$1" random_hex 24; }

# Connection string of the app role on the local cluster (build/infra/postgres).
postgres_connection_string() {
  printf 'Host=127.0.0.1;Port=%s;Database=sikkerkey;Username=sikkerkey;Password=%s' \
    "${SIKKERKEY_PG_PORT:-55432}" "$(password pg-app.pw)"
}
