# shellcheck shell=bash
# Sourced by the benchmarks that run the whole system: PostgreSQL and RabbitMQ of their own (.bench-data/,
# other ports than build/run and build/test, so a bench runs beside both), stopped again on exit, and the
# SikkerKey.Bench console built in Release. The ports and node name can be moved like build/test's.
set -euo pipefail
unset CDPATH
bench_repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)

export SIKKERKEY_DATA=${SIKKERKEY_BENCH_DATA:-$bench_repo/.bench-data}
export SIKKERKEY_PG_PORT=${SIKKERKEY_BENCH_PG_PORT:-55482}
# Durable by default: a production server commits to disk, and a read commits twice.
export SIKKERKEY_PG_DURABLE=${SIKKERKEY_BENCH_PG_DURABLE:-1}
export SIKKERKEY_RABBIT_NODE=${SIKKERKEY_BENCH_RABBIT_NODE:-sikkerkey-bench}
export SIKKERKEY_RABBIT_PORT=${SIKKERKEY_BENCH_RABBIT_PORT:-5723}
unset SIKKERKEY_RABBIT_MGMT_PORT SIKKERKEY_RABBIT_DIST_PORT
# shellcheck source-path=SCRIPTDIR
source "$bench_repo/build/infra/lib.sh"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
cd "$SIKKERKEY_REPO"

bench_infra_started=0

stop_bench_infra() {
  (( bench_infra_started )) || return 0
  bench_infra_started=0
  if [[ ${SIKKERKEY_KEEP_INFRA:-0} == 1 ]]; then
    say "infrastructure left running; stop it with: SIKKERKEY_DATA=$SIKKERKEY_DATA" \
      "SIKKERKEY_RABBIT_NODE=$SIKKERKEY_RABBIT_NODE build/infra/down"
  else
    build/infra/down || say "could not stop the bench infrastructure"
  fi
}

# Builds the bench, starts the servers, and runs `SikkerKey.Bench <command> [args…]`; its print-out is stdout.
run_system_bench() {
  local project=build/bench/SikkerKey.Bench
  say "building $project (Release, with the services it starts)"
  dotnet build "$project" -c Release -nologo -v q </dev/null >&2

  trap stop_bench_infra EXIT
  bench_infra_started=1
  local infra
  infra=$(build/infra/up) || die "could not start PostgreSQL and RabbitMQ for the bench"
  eval "$infra"
  # The names SikkerKey.Testing reads, as under build/test.
  export SIKKERKEY_TEST_POSTGRES=$SIKKERKEY_POSTGRES
  export SIKKERKEY_TEST_RABBITMQ=$SIKKERKEY_RABBITMQ
  export SIKKERKEY_TEST_RABBITMQ_MANAGEMENT=$SIKKERKEY_RABBITMQ_MANAGEMENT

  dotnet "$project/bin/Release/net10.0/SikkerKey.Bench.dll" "$@" </dev/null
}
