#!/usr/bin/env bash
# How fast does the monitor work again after kill -9? Prints, for a cold start and for each restart after a
# SIGKILL, the seconds until the local site saw the first request (first poll) and until /health/ready answered 200.
#
#   ./mvnw -q -DskipTests package
#   deploy/scripts/resume-after-kill.sh [KILLS] [DOCS]             # `run` (embedded broker): kill -9 the whole process
#   deploy/scripts/resume-after-kill.sh --services [KILLS] [DOCS]  # `broker` + `fetcher`, `streams`, `alerts` processes:
#                                                                  # kill -9 each service in turn, the broker stays up
#
# In --services mode each service gets POLICY_MONITOR_INSTANCE_ID=<service> (static group membership) unless
# INSTANCE_IDS=no. Other POLICY_MONITOR_* variables pass through. KEEP=1 keeps the work directory (logs). Needs
# python3 (the local site) and curl.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
mode=run
if [[ "${1:-}" == "--services" ]]; then
  mode=services
  shift
fi
kills="${1:-3}"
docs="${2:-5}"
work="$(mktemp -d /tmp/policy-monitor-resume-XXXXXX)"
declare -A pids=()
site_pid=""
cleanup() {
  for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  [[ -n "$site_pid" ]] && kill "$site_pid" 2>/dev/null || true
  if [[ -n "${KEEP:-}" ]]; then echo "kept $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
now_ms() { date +%s%3N; }

site_port="$(free_port)"
python3 - "$site_port" "$work/requests" <<'PY' &
import http.server, sys, time
port, log = int(sys.argv[1]), sys.argv[2]
class Page(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        with open(log, "a") as f:
            f.write("%d %s\n" % (int(time.time() * 1000), self.path))
        body = ("<html><body><main><h1>Privacy policy %s</h1><p>We keep your data safe.</p></main></body></html>"
                % self.path).encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *args):
        pass
http.server.ThreadingHTTPServer(("127.0.0.1", port), Page).serve_forever()
PY
site_pid=$!
touch "$work/requests"

{
  echo "pollInterval: PT5S"
  echo "vendors:"
  for i in $(seq 1 "$docs"); do
    echo "  - id: vendor$i"
    echo "    documents:"
    echo "      - type: privacy-policy"
    echo "        url: http://127.0.0.1:$site_port/vendor$i"
  done
} > "$work/vendors.yaml"

seconds_since() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", (b - a) / 1000 }'; }

# Seconds from $1 (epoch ms) to the first site request at or after it; waits up to 300 s.
first_poll_after() {
  local since=$1 deadline=$(( $(now_ms) + 300000 )) t
  while (( $(now_ms) < deadline )); do
    t="$(awk -v s="$since" '$1 >= s { print $1; exit }' "$work/requests")"
    if [[ -n "$t" ]]; then
      seconds_since "$since" "$t"
      return
    fi
    sleep 0.1
  done
  echo "none"
}

# Seconds from $1 (epoch ms) until http://127.0.0.1:$2/health/ready answers 200; waits up to 300 s.
ready_after() {
  local since=$1 port=$2 deadline=$(( $(now_ms) + 300000 ))
  while (( $(now_ms) < deadline )); do
    if curl -fsS -o /dev/null "http://127.0.0.1:$port/health/ready" 2>/dev/null; then
      seconds_since "$since" "$(now_ms)"
      return
    fi
    sleep 0.1
  done
  echo "none"
}

# Prefixes each console line with the seconds since $1 (epoch ms): the phases of a start.
stamp() {
  python3 -u -c '
import sys, time
t0 = int(sys.argv[1]) / 1000
for line in sys.stdin:
    sys.stdout.write("+%.1fs %s" % (time.time() - t0, line))
' "$1"
}

# launch NAME ARGS...: starts "policy-monitor ARGS" in the background as service NAME; sets LAUNCHED_AT (epoch ms)
launch() {
  local name=$1 started
  shift
  started="$(now_ms)"
  LAUNCHED_AT=$started
  local id=()
  if [[ "$mode" == services && "${INSTANCE_IDS:-yes}" != no && "$name" != broker ]]; then
    id=(env "POLICY_MONITOR_INSTANCE_ID=$name")
  fi
  echo "== $name started" >> "$work/$name.log"
  "${id[@]}" env POLICY_MONITOR_HOST_INTERVAL="${POLICY_MONITOR_HOST_INTERVAL:-PT0.05S}" \
    "$here/policy-monitor" "$@" > >(stamp "$started" >> "$work/$name.log") 2>> "$work/$name.log" &
  pids[$name]=$!
}

report() { # report LABEL STARTED PORT POLLS(yes|no)
  local poll="" ready
  if [[ "$4" == yes ]]; then poll="first poll after $(first_poll_after "$2") s, "; fi
  ready="$(ready_after "$2" "$3")"
  echo "$1: ${poll}/health/ready after ${ready} s"
}

kill9() { kill -9 "${pids[$1]}"; wait "${pids[$1]}" 2>/dev/null || true; }

if [[ "$mode" == run ]]; then
  port="$(free_port)"
  start_run() { launch run run --state-dir "$work/state" --config "$work/vendors.yaml" --http-port "$port"; }
  start_run
  report "cold start" "$LAUNCHED_AT" "$port" yes
  for k in $(seq 1 "$kills"); do
    sleep 10
    kill9 run
    start_run
    report "restart $k after kill -9" "$LAUNCHED_AT" "$port" yes
  done
  logs=("$work/run.log")
else
  launch broker broker --state-dir "$work/broker"
  deadline=$(( $(now_ms) + 300000 ))
  until grep -q 'bootstrap-servers:' "$work/broker.log" 2>/dev/null || (( $(now_ms) > deadline )); do sleep 0.2; done
  bootstrap="$(grep -o 'bootstrap-servers: [0-9.:]*' "$work/broker.log" | head -1 | cut -d' ' -f2)"
  echo "broker at $bootstrap (instance ids: ${INSTANCE_IDS:-yes})"
  declare -A ports=([fetcher]="$(free_port)" [streams]="$(free_port)" [alerts]="$(free_port)")
  start_service() {
    case $1 in
      fetcher) launch fetcher fetcher --bootstrap-servers "$bootstrap" --config "$work/vendors.yaml" \
                 --http-port "${ports[fetcher]}" ;;
      streams) launch streams streams --bootstrap-servers "$bootstrap" --state-dir "$work/streams" \
                 --http-port "${ports[streams]}" ;;
      alerts)  launch alerts alerts --bootstrap-servers "$bootstrap" --http-port "${ports[alerts]}" ;;
    esac
  }
  for s in streams alerts fetcher; do
    polls=no; [[ $s == fetcher ]] && polls=yes
    start_service $s
    report "$s cold start" "$LAUNCHED_AT" "${ports[$s]}" $polls
  done
  for k in $(seq 1 "$kills"); do
    for s in fetcher streams alerts; do
      sleep 10
      kill9 "$s"
      polls=no; [[ $s == fetcher ]] && polls=yes
      start_service $s
      report "$s restart $k after kill -9" "$LAUNCHED_AT" "${ports[$s]}" $polls
    done
  done
  logs=("$work/fetcher.log" "$work/streams.log" "$work/alerts.log")
fi

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
echo "ERROR lines in the logs of all starts: $(cat "${logs[@]}" | grep -c 'level=ERROR' || true)"
cat "${logs[@]}" | grep 'level=ERROR' | sed -E 's/^ts=[^ ]* //; s/thread="[^"]*" //' | cut -c1-160 | sort \
  | uniq -c | sort -rn | head -5 || true
for name in "${!pids[@]}"; do
  [[ "$name" == broker ]] && continue
  kill -TERM "${pids[$name]}" 2>/dev/null || true
  wait "${pids[$name]}" 2>/dev/null || true
  unset "pids[$name]"
done
echo "after SIGTERM: $(cat "${logs[@]}" | grep -c 'level=ERROR' || true) ERROR lines in all"
