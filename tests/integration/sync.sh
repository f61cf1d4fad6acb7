#!/usr/bin/env bash
# turno-sync against a loopback receiver of our own (tests/tools/sync-receiver.py) that
# misbehaves on command. After every scenario, every event of the database must be at
# the receiver exactly once (by kiosk and seq), with the same content, and nothing else.
source "$(dirname "$0")/../lib.sh"

SYNC=$BUILD/turno-sync
FILL=$BUILD/tests/tools/sync-fill
WRITER=$BUILD/tests/tools/sync-writer
RECEIVER=$TOP/tests/tools/sync-receiver.py
CHECKER=$TOP/tests/tools/sync-check.py
DB=$TMP/turno.db
LOG=$TMP/sync.log
KIOSK=urp-ingresso-1
TOKEN=tok-$(python3 -c "import secrets; print(secrets.token_urlsafe(24))")

for f in "$SYNC" "$FILL" "$WRITER"; do
	[ -x "$f" ] || { not_ok "built: $f" "run make build-tests"; exit 1; }
done

printf '%s\n' "$TOKEN" >"$TMP/token"
chmod 600 "$TMP/token"

PORT=$(free_port)
URL=http://127.0.0.1:$PORT
RECEIVER_PID=
start_receiver() { # [state file]
	local ready=$TMP/ready.$RANDOM
	python3 "$RECEIVER" --port "$PORT" --ready-file "$ready" --token "$TOKEN" \
		${1:+--state "$1"} 2>>"$TMP/receiver.log" &
	RECEIVER_PID=$!
	local i
	for ((i = 0; i < 200; i++)); do
		[ -s "$ready" ] && return 0
		kill -0 "$RECEIVER_PID" 2>/dev/null || break
		read -r -t 0.05 <> <(:) || true
	done
	echo "# receiver did not start"; cat "$TMP/receiver.log"
	return 1
}
stop_receiver() {
	[ -n "$RECEIVER_PID" ] && kill -9 "$RECEIVER_PID" 2>/dev/null && wait "$RECEIVER_PID" 2>/dev/null
	RECEIVER_PID=
}
on_exit 'stop_receiver'

# POST /_control with a JSON document.
control() {
	python3 -c 'import sys, urllib.request; urllib.request.urlopen(urllib.request.Request(sys.argv[1] + "/_control", data=sys.argv[2].encode(), method="POST"), timeout=10).read()' "$URL" "$1"
}
# A field of GET /_state.
rstate() {
	python3 -c 'import sys, json, urllib.request; print(json.load(urllib.request.urlopen(sys.argv[1] + "/_state", timeout=10)).get(sys.argv[2], ""))' "$URL" "$1"
}
meta() { sqlite3 "$DB" "SELECT value FROM meta WHERE key = '$1'"; }
max_seq() { sqlite3 "$DB" "SELECT coalesce(max(seq), 0) FROM events"; }
# wait_for "what" SECONDS CMD...: polls a condition until it holds or time runs out.
wait_for() {
	local what=$1 seconds=$2; shift 2
	local deadline=$((SECONDS + seconds))
	while ((SECONDS < deadline)); do
		"$@" >/dev/null 2>&1 && return 0
		read -r -t 0.1 <> <(:) || true
	done
	echo "# timed out waiting for $what"
	return 1
}
receiver_holds_all() { [ "$(rstate stored)" = "$(sqlite3 "$DB" 'SELECT count(*) FROM events')" ]; }

config() { # path [extra sync lines...]
	local out=$1; shift
	make_config "$out"
	{
		echo "[sync]"
		echo "url = $URL/events"
		echo "token_file = $TMP/token"
		echo "batch_size = 500"
		echo "interval_seconds = 1"
		echo "connect_timeout_seconds = 2"
		echo "timeout_seconds = 2"
		echo "backoff_max_seconds = 1"
		echo "keep_days = 3650"
	} >>"$out"
	local line
	for line in "$@"; do
		local key=${line%% =*}
		sed -i "/^$key = /d" "$out"
		echo "$line" >>"$out"
	done
}
config "$TMP/turno.ini"
CONF=$TMP/turno.ini

once() { # [config]; prints the exit status
	"$SYNC" --config "${1:-$CONF}" --once 2>>"$LOG"
	echo $?
}
fill() { "$FILL" "$DB" "$1" --kiosk "$KIOSK" >/dev/null; }
exactly_once() { # what
	local out
	if out=$(python3 "$CHECKER" "$DB" "$URL" --kiosk "$KIOSK" 2>&1); then
		ok "$1: every event at the receiver exactly once ($out)"
	else
		not_ok "$1: every event at the receiver exactly once" "$out"
	fi
}

start_receiver "$TMP/receiver-state.jsonl" || exit 1

# ---------------------------------------------------------------- the plain case
fill 300
check_eq "all sent: --once exits 0" 0 "$(once)"
exactly_once "plain"
check_eq "sync.acked_through is the last event" "$(max_seq)" "$(meta sync.acked_through)"
check_eq "sync.last_error is empty after success" "" "$(meta sync.last_error)"
[ "$(meta sync.last_ok_utc_ms)" -gt 1700000000000 ] && ok "sync.last_ok_utc_ms is set" || not_ok "sync.last_ok_utc_ms is set"
check_eq "nothing pending: --once exits 0 without posting" "$(rstate requests)" \
	"$(once >/dev/null; rstate requests)"

# ---------------------------------------------------------------- server errors
fill 100
control '{"script": ["500", "500"]}'
check_eq "HTTP 500: --once exits 75" 75 "$(once)"
case "$(meta sync.last_error)" in *"HTTP 500"*) ok "sync.last_error says HTTP 500" ;;
*) not_ok "sync.last_error says HTTP 500" "$(meta sync.last_error)" ;; esac
check_eq "HTTP 500 again: 75" 75 "$(once)"
check_eq "server back: 0" 0 "$(once)"
exactly_once "after 500s"

# ---------------------------------------------------------------- replies that never arrive or break
for action in stall store_stall reset_request reset_reply garbage empty; do
	fill 50
	control "{\"script\": [\"$action\"]}"
	check_eq "$action: --once exits 75" 75 "$(once)"
	check_eq "$action: next pass exits 0" 0 "$(once)"
	exactly_once "$action"
done
case "$(grep -c 'timed out' "$LOG")" in 0) not_ok "a stall is reported as a timeout" "$(tail -5 "$LOG")" ;; *) ok "a stall is reported as a timeout" ;; esac

# ---------------------------------------------------------------- odd acknowledgements
fill 300
control '{"script": [{"partial": 100}], "clear_log": true}'
check_eq "partial store: --once exits 0 (the rest is sent again at once)" 0 "$(once)"
exactly_once "partial store"
resent=$(python3 -c 'import json,sys,urllib.request; r=json.load(urllib.request.urlopen(sys.argv[1]+"/_log"))["requests"]; print(r[1]["first"] - r[0]["first"], r[1]["after_seq"] - r[0]["after_seq"])' "$URL")
check_eq "after a partial store the next batch starts right after what was stored" "100 100" "$resent"

fill 300
control '{"script": ["beyond"], "clear_log": true}'
check_eq "ack beyond what was sent: --once exits 0" 0 "$(once)"
exactly_once "ack beyond"
clamped=$(python3 -c 'import json,sys,urllib.request; r=json.load(urllib.request.urlopen(sys.argv[1]+"/_log"))["requests"]; print(r[1]["after_seq"] == r[0]["last"], r[0]["acked"] > r[0]["last"])' "$URL")
check_eq "an ack beyond the batch is clamped: the next batch follows the last sent" "True True" "$clamped"

fill 20
control '{"script": ["backwards"], "clear_log": true}'
check_eq "ack going backwards: --once exits 0" 0 "$(once)"
exactly_once "ack backwards"
rewound=$(python3 -c 'import json,sys,urllib.request; r=json.load(urllib.request.urlopen(sys.argv[1]+"/_log"))["requests"]; print(r[1]["after_seq"], r[1]["first"])' "$URL")
check_eq "a lower ack makes turno-sync resend from there" "0 1" "$rewound"
grep -q "lost events it had acknowledged" "$LOG" && ok "the rewind is logged as a warning" || not_ok "the rewind is logged as a warning"

fill 5
control '{"script": ["backwards", "backwards"]}'
check_eq "a receiver that still holds nothing after a rewind: --once exits 75 (no progress)" 75 "$(once)"
check_eq "the script was used up" 0 "$(rstate script_left)"
check_eq "then a sane receiver: 0" 0 "$(once)"
exactly_once "repeated rewinds"

fill 5
control '{"script": ["lower", "lower", "lower", "lower"]}'
check_eq "a receiver that goes backwards on every batch: --once gives up (75) after 3 rewinds" 75 "$(once)"
check_eq "all four answers were used in that pass" 0 "$(rstate script_left)"
grep -q "keeps answering acked_through below" "$LOG" && ok "the give-up is explained" || not_ok "the give-up is explained"
check_eq "then a sane receiver: 0" 0 "$(once)"
exactly_once "repeated rewinds, one at a time"

fill 300
control '{"script": [{"status": 413}], "clear_log": true}'
check_eq "413 Payload Too Large: --once still exits 0" 0 "$(once)"
halved=$(python3 -c 'import json,sys,urllib.request; r=json.load(urllib.request.urlopen(sys.argv[1]+"/_log"))["requests"]; print(r[0]["count"], r[1]["count"], r[1]["first"] == r[0]["first"])' "$URL")
check_eq "after a 413 the same events go again in batches half as big" "500 250 True" "$halved"
exactly_once "413"

# ---------------------------------------------------------------- a receiver that loses what it acknowledged
fill 300
control '{"script": ["hold", "hold", "hold"]}'
check_eq "receiver keeps the batches in memory only: --once exits 0" 0 "$(once)"
before_restart=$(rstate stored)
stop_receiver
start_receiver "$TMP/receiver-state.jsonl" || exit 1
lost=$((before_restart - $(rstate stored)))
[ "$lost" -eq 1200 ] && ok "restart lost the 1200 un-flushed events" || not_ok "restart lost the un-flushed events" "lost $lost"
fill 10
check_eq "after the receiver's restart: --once exits 0" 0 "$(once)"
exactly_once "receiver restart losing un-flushed state"

# ---------------------------------------------------------------- offline
stop_receiver
fill 25
pending_before=$(sqlite3 "$DB" "SELECT count(*) FROM events WHERE seq > $(meta sync.acked_through)")
check_eq "receiver down: --once exits 75" 75 "$(once)"
case "$(meta sync.last_error)" in *"onnect"*) ok "sync.last_error says it could not connect" ;;
*) not_ok "sync.last_error says it could not connect" "$(meta sync.last_error)" ;; esac
check_eq "events wait in the database while offline" "$pending_before" \
	"$(sqlite3 "$DB" "SELECT count(*) FROM events WHERE seq > $(meta sync.acked_through)")"
start_receiver "$TMP/receiver-state.jsonl" || exit 1
check_eq "back online: 0" 0 "$(once)"
exactly_once "offline then online"

# ---------------------------------------------------------------- Retry-After, in the long-running mode
control '{"script": [{"status": 429, "retry_after": "2"}], "clear_log": true}'
fill 50
"$SYNC" --config "$CONF" 2>>"$LOG" &
daemon=$!
wait_for "the receiver to hold every event" 20 receiver_holds_all
gap=$(python3 -c 'import json,sys,urllib.request; r=json.load(urllib.request.urlopen(sys.argv[1]+"/_log"))["requests"]; print("%.2f" % (r[1]["t"] - r[0]["t"]) if len(r) > 1 else -1)' "$URL")
python3 -c "import sys; sys.exit(0 if float('$gap') >= 1.9 else 1)" &&
	ok "429 Retry-After: 2 is honoured (next try after ${gap} s; backoff cap is 1 s)" ||
	not_ok "429 Retry-After: 2 is honoured" "next try after $gap s"
exactly_once "429 with Retry-After"

read -r when when_epoch < <(python3 -c 'import email.utils, time; t = int(time.time()) + 3; print(email.utils.formatdate(t, usegmt=True).replace(" ", "_"), t)')
when=${when//_/ }
control "{\"script\": [{\"status\": 503, \"retry_after\": \"$when\"}], \"clear_log\": true}"
fill 50 # after the script: the running turno-sync may pick events up at any moment
wait_for "the receiver to hold every event" 20 receiver_holds_all
early=$(python3 -c 'import json,sys,urllib.request; r=json.load(urllib.request.urlopen(sys.argv[1]+"/_log"))["requests"]; print("%.2f" % (float(sys.argv[2]) - r[1]["t"]) if len(r) > 1 else 99)' "$URL" "$when_epoch")
python3 -c "import sys; sys.exit(0 if float('$early') <= 0.05 else 1)" &&
	ok "503 Retry-After as an HTTP date is honoured (no retry before $when)" ||
	not_ok "503 Retry-After as an HTTP date is honoured" "retried $early s before $when"
exactly_once "503 with Retry-After date"
kill -TERM "$daemon"
wait_for "turno-sync to stop on SIGTERM" 5 bash -c "! kill -0 $daemon"
wait "$daemon"
check_eq "SIGTERM: the long-running turno-sync exits 0" 0 "$?"

# SIGTERM in the middle of a POST that hangs: stops at once, not after the timeout.
config "$TMP/slow.ini" "timeout_seconds = 60"
fill 10
control '{"script": ["stall"], "clear_log": true}'
"$SYNC" --config "$TMP/slow.ini" 2>>"$LOG" &
daemon=$!
wait_for "the stalled request" 10 bash -c "[ \"\$(python3 -c 'import json,urllib.request; print(len(json.load(urllib.request.urlopen(\"$URL/_log\"))[\"requests\"]))')\" -ge 1 ]"
kill -TERM "$daemon"
if wait_for "turno-sync to stop during a hanging POST" 5 bash -c "! kill -0 $daemon"; then
	wait "$daemon"
	check_eq "SIGTERM during a hanging POST: exits 0 within 5 s (timeout is 60 s)" 0 "$?"
else
	not_ok "SIGTERM during a hanging POST: exits within 5 s"
	kill -9 "$daemon"
fi
check_eq "after the interrupted POST: 0" 0 "$(once)"
exactly_once "SIGTERM during a POST"

# ---------------------------------------------------------------- refused token and bad configuration
fill 5
control '{"script": ["401"]}'
check_eq "401: --once exits 78" 78 "$(once)"
grep -q "refused the token" "$LOG" && ok "401 is reported as a refused token" || not_ok "401 is reported as a refused token"
check_eq "after 401: 0" 0 "$(once)"

# ---------------------------------------------------------------- a back office that echoes the token
fill 5
control '{"script": ["echo_401"]}'
check_eq "401 quoting the credentials it refused: --once exits 78" 78 "$(once)"
case "$(meta sync.last_error)" in *"refused the token"*) ok "sync.last_error still says the token was refused" ;;
*) not_ok "sync.last_error still says the token was refused" "$(meta sync.last_error)" ;; esac
control '{"script": ["echo_500"]}'
check_eq "500 quoting pieces of the token: --once exits 75" 75 "$(once)"
case "$(meta sync.last_error)" in *"HTTP 500"*"***"*) ok "sync.last_error keeps the answer with the pieces masked" ;;
*) not_ok "sync.last_error keeps the answer with the pieces masked" "$(meta sync.last_error)" ;; esac
check_eq "after the echoing back office: 0" 0 "$(once)"
# No piece of 6 characters of the token, anywhere in what turno-sync wrote.
leaks=$(python3 - "$TOKEN" "$LOG" <(sqlite3 "$DB" .dump) <<'PY'
import sys
token, texts = sys.argv[1], [open(f, errors="replace").read() for f in sys.argv[2:]]
pieces = {token[i:i + 6] for i in range(len(token) - 5)}
print(sorted({p for p in pieces for t in texts if p in t}))
PY
)
check_eq "no piece of the token in turno-sync's log or in the database (once: in both)" "[]" "$leaks"

# ---------------------------------------------------------------- a proxy in the environment
PROXY_PORT=$(free_port)
python3 - "$PROXY_PORT" "$TMP/proxy-got" "$TMP/proxy-ready" <<'PY' &
import socket, sys
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1])))
s.listen(8)
open(sys.argv[3], "w").close()
while True:
    c, _ = s.accept()
    c.settimeout(2)
    try:
        data = c.recv(65536)
    except OSError:
        data = b"(connection)"
    with open(sys.argv[2], "ab") as f:
        f.write(data or b"(connection)")
    c.sendall(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n")
    c.close()
PY
proxy=$!
on_exit "kill $proxy"
wait_for "the proxy" 10 test -e "$TMP/proxy-ready"
fill 5
rc=$(http_proxy=http://127.0.0.1:$PROXY_PORT ALL_PROXY=http://127.0.0.1:$PROXY_PORT once)
check_eq "http_proxy and ALL_PROXY set, plain http to this machine: sent directly, 0" 0 "$rc"
[ ! -s "$TMP/proxy-got" ] && ok "the proxy got nothing (once: the batch and the bearer token, in clear)" ||
	not_ok "the proxy got nothing" "$(head -c 300 "$TMP/proxy-got")"
grep -q "http_proxy is set but not used" "$LOG" && ok "turno-sync says it does not use the proxy" ||
	not_ok "turno-sync says it does not use the proxy"
exactly_once "proxy in the environment"
kill "$proxy"

bad_config() { # what expected-text config-lines...
	local what=$1 says=$2; shift 2
	config "$TMP/bad.ini" "$@"
	local out rc
	out=$("$SYNC" --config "$TMP/bad.ini" --once 2>&1)
	rc=$?
	if [ "$rc" -eq 78 ] && [[ "$out" == *"$says"* ]]; then
		ok "$what: exit 78 saying \"$says\""
	else
		not_ok "$what: exit 78 saying \"$says\"" "rc $rc: $out"
	fi
	echo "$out" >>"$LOG"
}
cp "$TMP/token" "$TMP/token-open"
chmod 644 "$TMP/token-open"
bad_config "token file readable by others" "chmod 600" "token_file = $TMP/token-open"
bad_config "token file missing" "cannot open" "token_file = $TMP/no-such-token"
: >"$TMP/token-empty"; chmod 600 "$TMP/token-empty"
bad_config "token file empty" "is empty" "token_file = $TMP/token-empty"
bad_config "no token file configured" "token_file is empty" "token_file ="
bad_config "empty url" "url is empty" "url ="
bad_config "url that is not one" "not a URL" "url = backoffice"
bad_config "plain http to another host" "use https://" "url = http://192.0.2.1/events"
bad_config "unknown [sync] key" "has no key" "batchsize = 5"
out=$("$SYNC" --config "$TMP/none.ini" --once 2>&1); rc=$?
[ "$rc" -eq 78 ] && ok "missing configuration file: exit 78" || not_ok "missing configuration file: exit 78" "$rc $out"
if grep -q -- "$TOKEN" "$LOG" "$TMP/receiver.log"; then not_ok "the token never appears in a log"; else ok "the token never appears in a log"; fi

# ---------------------------------------------------------------- HTTPS: verification is always on
# A private CA of the test's own, a certificate for 127.0.0.1 and one for another name.
(
	cd "$TMP" &&
	openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 2 -subj "/CN=Turno Test CA" &&
	for who in good:IP:127.0.0.1,DNS:localhost wrong:DNS:other.example; do
		name=${who%%:*} san=${who#*:}
		openssl req -newkey rsa:2048 -nodes -keyout "$name.key" -out "$name.csr" -subj "/CN=$name" &&
		printf 'subjectAltName=%s\n' "$san" >"$name.ext" &&
		openssl x509 -req -in "$name.csr" -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 \
			-extfile "$name.ext" -out "$name.pem" || exit 1
	done
) >"$TMP/openssl.log" 2>&1 || not_ok "test certificates" "$(tail -3 "$TMP/openssl.log")"
tls_receiver() { # cert name; sets tls_pid
	local ready=$TMP/tls-ready.$RANDOM
	python3 "$RECEIVER" --port "$TLS_PORT" --ready-file "$ready" --token "$TOKEN" \
		--tls-cert "$TMP/$1.pem" --tls-key "$TMP/$1.key" >/dev/null 2>>"$TMP/receiver.log" &
	tls_pid=$!
	on_exit "kill -9 $tls_pid"
	wait_for "the HTTPS receiver" 10 test -s "$ready"
}
TLS_PORT=$(free_port)
TLS_DB=$TMP/tls.db
"$FILL" "$TLS_DB" 20 --kiosk "$KIOSK" >/dev/null
tls_config() { # out, extra lines
	local out=$1; shift
	config "$out" "url = https://127.0.0.1:$TLS_PORT/events" "$@"
	sed -i "s|^database = .*|database = $TLS_DB|" "$out"
}
tls_receiver good
tls_config "$TMP/tls-nocafile.ini"
"$SYNC" --config "$TMP/tls-nocafile.ini" --once 2>"$TMP/tls.log"
check_eq "HTTPS, certificate from an unknown CA: 75" 75 "$?"
grep -qi "certificate" "$TMP/tls.log" && ok "the failure names the certificate" ||
	not_ok "the failure names the certificate" "$(cat "$TMP/tls.log")"
tls_config "$TMP/tls.ini" "ca_file = $TMP/ca.pem"
"$SYNC" --config "$TMP/tls.ini" --once 2>"$TMP/tls.log"
check_eq "HTTPS with [sync] ca_file naming the private CA: 0" 0 "$?"
check_eq "HTTPS: every event arrived" "$(sqlite3 "$TLS_DB" 'SELECT count(*) FROM events')" \
	"$(python3 -c 'import json,ssl,sys,urllib.request; c=ssl.create_default_context(cafile=sys.argv[2]); print(json.load(urllib.request.urlopen(sys.argv[1]+"/_state", context=c))["stored"])' "https://127.0.0.1:$TLS_PORT" "$TMP/ca.pem")"
kill -9 "$tls_pid"; wait "$tls_pid" 2>/dev/null
tls_receiver wrong
"$FILL" "$TLS_DB" 1 --kiosk "$KIOSK" >/dev/null
"$SYNC" --config "$TMP/tls.ini" --once 2>"$TMP/tls.log"
check_eq "HTTPS, trusted CA but a certificate for another host name: 75" 75 "$?"
grep -qiE "subject name|certificate|host" "$TMP/tls.log" && ok "the failure names the host mismatch" ||
	not_ok "the failure names the host mismatch" "$(cat "$TMP/tls.log")"
kill -9 "$tls_pid"; wait "$tls_pid" 2>/dev/null
tls_config "$TMP/tls-bad.ini" "ca_file = $TMP/no-such-ca.pem"
out=$("$SYNC" --config "$TMP/tls-bad.ini" --once 2>&1); rc=$?
[ "$rc" -eq 78 ] && [[ "$out" == *"no-such-ca.pem"* ]] && ok "missing ca_file: exit 78 naming it" ||
	not_ok "missing ca_file: exit 78 naming it" "$rc $out"

# ---------------------------------------------------------------- a long mixed run, with a writer at the same time
control '{"script": ["ok", "500", "ok", "reset_reply", {"partial": 7}, "ok", "garbage", {"status": 429, "retry_after": "1"}, "ok", "store_stall", "beyond", "ok", "empty", "reset_request", "ok", "backwards", "ok", "hold", "ok", "500"]}'
config "$TMP/mixed.ini" "batch_size = 97"
"$SYNC" --config "$TMP/mixed.ini" 2>>"$LOG" &
daemon=$!
events_before=$(max_seq)
writer_out=$("$WRITER" "$CONF" "$DB" 1500 2>&1)
writer_rc=$?
check_eq "the writer (queue engine, 1500 tickets) never failed" 0 "$writer_rc"
echo "# writer: $writer_out; $(( $(max_seq) - events_before )) events written while turno-sync ran"
case "$writer_out" in *locked*) not_ok "no \"database is locked\" in the writer" "$writer_out" ;;
*) ok "no \"database is locked\" in the writer" ;; esac
wait_for "the receiver to hold every event" 60 receiver_holds_all
kill -TERM "$daemon"; wait "$daemon"
check_eq "the long-running turno-sync exits 0 after the mixed run" 0 "$?"
check_eq "the receiver's script was played to the end" 0 "$(rstate script_left)"
exactly_once "long mixed run with a concurrent writer"

# ---------------------------------------------------------------- pruning
pending=$(sqlite3 "$DB" "SELECT count(*) FROM events")
stop_receiver
fill 5
config "$TMP/prune.ini" "keep_days = 1"
check_eq "offline with keep_days = 1: 75" 75 "$(once "$TMP/prune.ini")"
check_eq "offline: nothing is pruned" "$((pending + 20))" "$(sqlite3 "$DB" "SELECT count(*) FROM events")"
start_receiver "$TMP/receiver-state.jsonl" || exit 1
check_eq "online with keep_days = 1: 0" 0 "$(once "$TMP/prune.ini")"
day_ago="(CAST(strftime('%s', 'now') AS INTEGER) - 86400) * 1000"
check_eq "acknowledged events older than keep_days are pruned" 0 \
	"$(sqlite3 "$DB" "SELECT count(*) FROM events WHERE utc_ms < $day_ago")"
recent=$(sqlite3 "$DB" "SELECT count(*) FROM events WHERE utc_ms >= $day_ago")
[ "$recent" -gt 0 ] && ok "recent events are kept ($recent)" || not_ok "recent events are kept" "none left"
fill 1
check_eq "after pruning, sequences go on" "$(meta sync.acked_through)" "$(( $(max_seq) - 4 ))"

# ---------------------------------------------------------------- 100 000 events, measured
stop_receiver
DB=$TMP/bench.db
fill 25000
start_receiver || exit 1
config "$TMP/bench.ini" "[storage]" "database = $DB"
sed -i "s|^database = .*|database = $DB|" "$TMP/bench.ini"
TIMEFORMAT='%R %U %S'
times=$( { time "$SYNC" --config "$TMP/bench.ini" --once 2>>"$LOG"; echo "rc=$?" >"$TMP/bench.rc"; } 2>&1)
check_eq "100 000 pending events drain with --once" "rc=0" "$(cat "$TMP/bench.rc")"
exactly_once "100 000 events"
read -r real user sys <<<"$times"
echo "# measured: 100000 events drained in $real s wall ($(python3 -c "print('%.0f' % (100000 / $real))") events/s), turno-sync CPU ${user} s user + ${sys} s system; 200 batches of 500 to the Python receiver on loopback"

# ---------------------------------------------------------------- the reply parser under libFuzzer
if make -C "$TOP" --no-print-directory O="$O" fuzz-sync >"$TMP/fuzz-build.log" 2>&1; then
	mkdir -p "$TMP/corpus"
	cp "$TOP"/tests/fuzz/corpus-sync-reply/* "$TMP/corpus/"
	if "$BUILD/tests/fuzz/fuzz-sync-reply" -max_total_time=10 -artifact_prefix="$TMP/" "$TMP/corpus" \
		>"$TMP/fuzz.log" 2>&1; then
		ok "libFuzzer: reply parser survives 10 s ($(grep -o 'Done [0-9]* runs' "$TMP/fuzz.log"))"
	else
		not_ok "libFuzzer: reply parser survives 10 s" "$(grep -A5 ERROR "$TMP/fuzz.log" | head)"
	fi
else
	not_ok "make fuzz-sync builds" "$(tail -5 "$TMP/fuzz-build.log")"
fi
