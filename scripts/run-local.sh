#!/usr/bin/env bash
# Runs the given services as local processes against local RabbitMQ (RABBITMQ_URL) and MongoDB
# (MONGODB_URL). Without MONGODB_URL it starts the embedded wire-compatible server, keeping its
# data under $RUN_DIR so that a restart keeps it. Ctrl-C stops everything.
#
# Settings come from the environment, then `.env` (as the services read them: the environment
# wins), then the services' defaults; this script sets no default of its own for them, but for
# REGISTRATION_RATE_PER_MINUTE (0: off, below).
# Each service logs in to the broker as its own user (forum-registration, forum-judging,
# forum-notifications; forum_shared.broker_access): RABBITMQ_URL gives the broker's address and
# an administrator, with whom `rabbitmqctl import_definitions` creates the users where it can.
# Their passwords come from RABBITMQ_<SERVICE>_PASSWORD, or are generated once into
# $RUN_DIR/broker.env.
set -euo pipefail
cd "$(dirname "$0")/.."
umask 077  # the database, the mail and the passwords under $RUN_DIR are the owner's alone

RUN_DIR=${RUN_DIR:-.run}
mkdir -p "$RUN_DIR"
chmod -R go-rwx "$RUN_DIR"  # and what earlier runs left there, before the umask

# A setting as the services see it: from the environment, else from .env (which the services
# read themselves). No default is exported here: an exported default would beat the operator's
# .env (ORGANIZER_TOKEN, RABBITMQ_URL, ...); the services have the same defaults.
setting() {
  local name=$1
  if [ -n "${!name:-}" ]; then
    printf '%s' "${!name}"
  elif [ -f .env ]; then
    sed -n "s/^[[:space:]]*\(export[[:space:]]\+\)\?${name}[[:space:]]*=[[:space:]]*//p" .env \
      | tail -n 1 | sed -e 's/^"\(.*\)"$/\1/' -e "s/^'\(.*\)'\$/\1/"
  fi
}

# Exports what FILE sets and the environment does not (dotenv syntax, as pydantic-settings reads;
# an empty value counts as unset, as the services count it).
load_env_file() {
  [ -f "$1" ] || return 0
  eval "$(python - "$1" <<'PY'
import os, shlex, sys
from dotenv import dotenv_values
for key, value in dotenv_values(sys.argv[1]).items():
    if value and not os.environ.get(key):
        print(f"export {key}={shlex.quote(value)}")
PY
)"
}
load_env_file .env

# `make demo` registers a few dozen participants at once from this machine: in a local run the
# registration rate limit is off unless the environment or .env sets one.
export REGISTRATION_RATE_PER_MINUTE=${REGISTRATION_RATE_PER_MINUTE:-0}

BROKER_URL=${RABBITMQ_URL:-amqp://guest:guest@127.0.0.1:5672/}
[ -f "$RUN_DIR/broker.env" ] || python -m forum_shared.broker_access passwords >"$RUN_DIR/broker.env"
load_env_file "$RUN_DIR/broker.env"
read -r vhost admin local_broker < <(python - "$BROKER_URL" <<'PY'
import sys
from urllib.parse import unquote, urlsplit
url = urlsplit(sys.argv[1])
local = url.hostname in (None, "localhost", "127.0.0.1", "::1")
print(unquote(url.path[1:]) or "/", unquote(url.username or "guest"), "yes" if local else "no")
PY
)
# rabbitmqctl talks to this machine's node: only for a broker on this machine.
if [ "$local_broker" = yes ] && command -v rabbitmqctl >/dev/null &&
  rabbitmqctl -q status >/dev/null 2>&1; then
  python -m forum_shared.broker_access definitions --vhost "$vhost" --admin "$admin" |
    rabbitmqctl -q import_definitions
  echo "broker users ${BROKER_USER_PREFIX:-forum-}{registration,judging,notifications} are in place (passwords in $RUN_DIR/broker.env)"
else
  python -m forum_shared.broker_access definitions --vhost "$vhost" >"$RUN_DIR/broker-definitions.json"
  echo "rabbitmqctl cannot reach the broker: import $RUN_DIR/broker-definitions.json yourself" \
    "(management UI, Overview → Import definitions; or rabbitmqctl import_definitions on its host)" >&2
fi

pids=()
stop_all() { kill "${pids[@]}" 2>/dev/null || true; wait || true; }
trap stop_all EXIT INT TERM

wait_for_port() {
  for _ in $(seq 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.1
  done
  echo "nothing answers on port $1" >&2
  return 1
}

if [ -z "$(setting MONGODB_URL)" ]; then
  port=$(setting LOCAL_MONGODB_PORT)
  port=${port:-27017}
  nx-27017 --data-dir "$RUN_DIR/mongodb" -p "$port" --log-file "$RUN_DIR/nx-27017.log" \
    --pid-file "$RUN_DIR/nx-27017.pid" >/dev/null 2>&1 &
  pids+=($!)
  wait_for_port "$port"
  export MONGODB_URL="mongodb://127.0.0.1:$port/"
  echo "MongoDB stand-in (nx-27017) on port $port, data in $RUN_DIR/mongodb"
fi

declare -A PORTS=([registration]=8001 [judging]=8002 [notifications]=8003)
for service in "$@"; do
  if [ "$service" = notifications ] && [ -z "$(setting SMTP_HOST)" ]; then
    smtp_port=$(setting LOCAL_SMTP_PORT)
    smtp_port=${smtp_port:-1025}
    python scripts/smtp_sink.py --port "$smtp_port" --maildir "$RUN_DIR/mail" &
    pids+=($!)
    export SMTP_HOST=127.0.0.1 SMTP_PORT=$smtp_port
    echo "SMTP sink on port $SMTP_PORT: e-mails are kept in $RUN_DIR/mail"
  fi
  http_port=$(setting "${service^^}_PORT")
  http_port=${http_port:-${PORTS[$service]}}
  HTTP_PORT=$http_port \
    RABBITMQ_URL=$(python -m forum_shared.broker_access url "$service" "$BROKER_URL") \
    python -m "$service" &
  pids+=($!)
  echo "$service on http://127.0.0.1:$http_port (docs at /docs)"
done
wait -n
