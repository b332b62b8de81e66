#!/usr/bin/env bash
# Thin wrapper: pick <env>.tfbackend and <env>.tfvars for the stack in the
# directory the script is called from (sub-stacks symlink to this file).
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: [TF_SKIP_INIT=boolean ] ./terraform.sh [-help] <env> <command> [args]

  env          : environment [stg/prd/demo] (<env>.tfvars and <env>.tfbackend must exist)
  command      : terraform command [plan/apply/state/...]
  args         : subcommand [e.g. state "mv"] and terraform command options (see : terraform <command> -help)
  TF_SKIP_INIT : skip "terraform init"
USAGE
}

case "${1:-}" in
  -help | --help | -h)
    usage
    exit 0
    ;;
esac

if [ $# -lt 2 ]; then
  usage >&2
  exit 2
fi

env=$1
command=$2
shift 2

# Stay in the stack the link lives in: do not resolve the symlink.
cd "$(dirname "$0")"

if [ ! -f "$env.tfvars" ] || [ ! -f "$env.tfbackend" ]; then
  echo "terraform.sh: no $env.tfvars or $env.tfbackend in $(pwd)" >&2
  exit 2
fi

# -reconfigure: switching env never offers to copy one env's state into another.
if [ "${TF_SKIP_INIT:-false}" != "true" ] && [ "$command" != "init" ]; then
  terraform init -reconfigure -input=false -backend-config="$env.tfbackend" >/dev/null
fi

case "$command" in
  init)
    exec terraform init -reconfigure -backend-config="$env.tfbackend" "$@"
    ;;
  plan | apply | destroy | refresh | import | console)
    exec terraform "$command" -var-file="$env.tfvars" "$@"
    ;;
  *)
    exec terraform "$command" "$@"
    ;;
esac
