#!/usr/bin/env bash
# bench.sh's turno-sync figure: SYNC_EVENTS pending events (sync-fill: 4 per ticket)
# drained by `turno-sync --once` to the loopback receiver (tests/tools/sync-receiver.py),
# against the floor: the same events, in the same batches, POSTed to a fresh receiver by a
# bare keep-alive Python client (so the receiver's own cost is in both). One JSON line.
. "$(dirname "$0")/../lib.sh"
N=${SYNC_EVENTS:-100000}
TOKEN=tok-$RANDOM$RANDOM
printf '%s\n' "$TOKEN" >"$TMP/token"
chmod 600 "$TMP/token"
receiver() { # port ready-file; sets RPID
	python3 "$TOP/tests/tools/sync-receiver.py" --port "$1" --ready-file "$2" --token "$TOKEN" \
		>/dev/null 2>>"$TMP/receiver.log" &
	RPID=$!
	on_exit "kill $RPID"
}
wait_ready() { local i; for ((i = 0; i < 400; i++)); do [ -s "$1" ] && return 0; sleep 0.025; done; return 1; }

"$BUILD/tests/tools/sync-fill" "$TMP/turno.db" $((N / 4)) --kiosk bench-1 >/dev/null || exit 1
PORT=$(free_port)
receiver "$PORT" "$TMP/ready1"
wait_ready "$TMP/ready1" || exit 1
make_config "$TMP/turno.ini" "s|^kiosk_id = .*|kiosk_id = bench-1|"
printf '[sync]\nurl = http://127.0.0.1:%s/events\ntoken_file = %s\nbatch_size = 500\n' "$PORT" "$TMP/token" >>"$TMP/turno.ini"
t0=$(date +%s%N)
"$BUILD/turno-sync" --config "$TMP/turno.ini" --once 2>>"$TMP/sync.log" || { cat "$TMP/sync.log" >&2; exit 1; }
t1=$(date +%s%N)
sync_ms=$(((t1 - t0) / 1000000))

# The floor: what the receiver stored, replayed in batches of 500 to a fresh receiver.
PORT2=$(free_port)
receiver "$PORT2" "$TMP/ready2"
wait_ready "$TMP/ready2" || exit 1
floor_ms=$(python3 - "$PORT" "$PORT2" "$TOKEN" <<'PY'
import http.client, json, sys, time
port, port2, token = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
c = http.client.HTTPConnection("127.0.0.1", port)
c.request("GET", "/_dump")
events = [e["event"] for e in json.loads(c.getresponse().read())["events"]]
events.sort(key=lambda e: e["seq"])
bodies, after = [], 0
for i in range(0, len(events), 500):
    b = events[i:i + 500]
    key = "%d-%d-%016x" % (b[0]["seq"], b[-1]["seq"], i)
    bodies.append((key, json.dumps({"version": 1, "kiosk_id": "bench-1", "after_seq": after, "batch_id": key, "events": b})))
    after = b[-1]["seq"]
c2 = http.client.HTTPConnection("127.0.0.1", port2)
t0 = time.monotonic()
for key, body in bodies:
    c2.request("POST", "/events", body=body, headers={"Content-Type": "application/json",
               "Authorization": "Bearer " + token, "Idempotency-Key": key})
    r = c2.getresponse(); r.read()
    if r.status != 200:
        sys.exit("floor: HTTP %d" % r.status)
print(int((time.monotonic() - t0) * 1000))
PY
) || exit 1
echo "{\"name\":\"sync_drain\",\"events\":$N,\"ms\":$sync_ms,\"floor_ms\":$floor_ms,\"floor_is\":\"same batches POSTed by a bare keep-alive client to the same receiver\",\"includes\":\"turno-sync --once: read, render, POST, record acks\"}"
