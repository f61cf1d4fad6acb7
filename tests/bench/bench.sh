#!/usr/bin/env bash
# make bench: Turno's figures, each with its floor measured in the same run, and the
# ratio. Prints a table and writes bench/results.json. Figures are printed, never
# asserted (the README's "make bench" table says what each one includes).
#   BENCH_TICKETS=300 BENCH_IDLE_SECONDS=30 BENCH_REPORT_TICKETS=1000000 BENCH_SYNC_EVENTS=100000
. "$(dirname "$0")/../lib.sh"
. "$TOP/tests/lib-cups.sh"
TICKETS=${BENCH_TICKETS:-300}
IDLE=${BENCH_IDLE_SECONDS:-30}
REPORT_TICKETS=${BENCH_REPORT_TICKETS:-1000000}
SYNC_EVENTS=${BENCH_SYNC_EVENTS:-100000}
OUT=${BENCH_OUT:-$TOP/bench/results.json}
BENCH="$BUILD/tests/tools/bench"
R="$TMP/results.jsonl" # one JSON object per line
: >"$R"
mkdir -p "$(dirname "$OUT")"
say() { echo "bench: $*" >&2; }
na() { echo "{\"name\":\"$1\",\"na\":\"$2\"}" >>"$R"; }

# Stops the kiosk (not a child of this shell when `bench start` ran it) and waits until it is gone.
stop_pid() {
	kill -TERM "$1" 2>/dev/null
	local i
	for ((i = 0; i < 200; i++)); do
		[ -e "/proc/$1" ] || return 0
		sleep 0.05
	done
	kill -9 "$1" 2>/dev/null
}
rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }
# Voluntary context switches of every thread (each is one wake-up from a sleep) and CPU ticks.
wakeups() {
	local n=0 t
	for t in /proc/"$1"/task/*/status; do
		n=$((n + $(awk '/^voluntary_ctxt_switches:/ {print $2}' "$t" 2>/dev/null || echo 0)))
	done
	echo $n
}
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
idle() { # name pid seconds
	local w0 c0 w1 c1
	w0=$(wakeups "$2") c0=$(cpu_ticks "$2")
	sleep "$3" # the measured span itself: nothing to wait for
	w1=$(wakeups "$2") c1=$(cpu_ticks "$2")
	python3 -c "import os; print('{\"name\":\"$1\",\"seconds\":$3,\"wakeups\":%d,\"per_s\":%.3f,\"cpu_pct\":%.3f}' % ($w1 - $w0, ($w1 - $w0) / $3, ($c1 - $c0) * 100.0 / os.sysconf('SC_CLK_TCK') / $3))" >>"$R"
}

# ---------------------------------------------------------------- a private CUPS printer
cups_start || exit 1
listener_start bench || exit 1
lpadmin -p Bench -v "socket://127.0.0.1:$LISTENER_PORT_bench" -m raw -E 2>/dev/null
make_config "$TMP/turno.ini" "s|^destination =.*|destination = Bench|"

# ---------------------------------------------------------------- start
say "start to ready: the floor (open SQLite + bind a socket), then turno-kiosk"
"$BENCH" start "$TMP/floor.sock" "$BENCH" floor-server "$TMP/floor.db" "$TMP/floor.sock" >"$TMP/start-floor" || exit 1
floor_pid=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["pid"])' "$TMP/start-floor")
sed 's/"name":"start"/"name":"start_floor"/' "$TMP/start-floor" >>"$R"
echo "{\"name\":\"rss_floor\",\"kb\":$(rss_kb "$floor_pid")}" >>"$R"
stop_pid "$floor_pid"

"$BENCH" start "$TMP/control.sock" "$KIOSK" --config "$TMP/turno.ini" --headless --ignore-hours \
	--database "$TMP/turno.db" --socket "$TMP/control.sock" >"$TMP/start-kiosk" 2>>"$TMP/kiosk.log" || {
	cat "$TMP/kiosk.log" >&2
	exit 1
}
KIOSK_PID=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["pid"])' "$TMP/start-kiosk")
sed 's/"name":"start"/"name":"start_kiosk"/' "$TMP/start-kiosk" >>"$R"
echo "{\"name\":\"rss_kiosk_start\",\"kb\":$(rss_kb "$KIOSK_PID")}" >>"$R"

# ---------------------------------------------------------------- idle (before any ticket)
say "idle: turno-kiosk with a CUPS printer, $IDLE s"
idle idle_kiosk_cups "$KIOSK_PID" "$IDLE"

# ---------------------------------------------------------------- issue
say "issue: the floor (bare commit + bare cupsCreateJob), $TICKETS times"
"$BENCH" floor-issue "$TMP/floor-issue.db" Bench "$TICKETS" "$TMP/listener-bench" >>"$R" || say "floor-issue failed"
say "issue: turno-kiosk through the control socket, $TICKETS tickets"
"$BENCH" issue "$TMP/control.sock" "$TICKETS" "$CUPS_DIR/spool" "$TMP/listener-bench" >>"$R" || say "issue failed"
echo "{\"name\":\"rss_kiosk_after_issue\",\"kb\":$(rss_kb "$KIOSK_PID")}" >>"$R"
stop_pid "$KIOSK_PID"
KIOSK_PID=""

say "idle: turno-kiosk printing to the preview directory (no CUPS), $IDLE s"
rm -f "$TMP/control.sock"
start_kiosk "$TMP/turno.ini"
idle idle_kiosk_preview "$KIOSK_PID" "$IDLE"
stop_kiosk

# ---------------------------------------------------------------- the screen
status_field() { # python expression on the status object s
	"$CTL" --socket "$TMP/control.sock" --json status |
		python3 -c "import json,sys; s=json.load(sys.stdin)['status']; print($1)"
}
if [ -f "$TOP/firmware/kiosk/screen.c" ]; then
	say "the screen (SDL offscreen driver, software renderer): start to first frame, idle $IDLE s"
	rm -f "$TMP/control.sock"
	# The kiosk draws its first frame before its loop first sleeps, so before the socket
	# answers: start-to-ping is an upper bound of start-to-first-frame (frames checked).
	SDL_VIDEODRIVER=offscreen SDL_RENDER_DRIVER=software "$BENCH" start "$TMP/control.sock" "$KIOSK" \
		--config "$TMP/turno.ini" --ignore-hours --database "$TMP/screen.db" --socket "$TMP/control.sock" \
		--print-preview "$TMP/tickets" >"$TMP/start-screen" 2>>"$TMP/kiosk.log"
	KIOSK_PID=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["pid"])' "$TMP/start-screen" 2>/dev/null)
	frames=$(status_field 's.get("screen", {}).get("frames", 0)' 2>/dev/null || echo 0)
	if [ -n "$KIOSK_PID" ] && [ "${frames:-0}" -ge 1 ]; then
		python3 -c 'import json,sys; o=json.load(open(sys.argv[1])); print(json.dumps({"name":"start_first_frame","ms":o["ms"],"frames":int(sys.argv[2])}))' \
			"$TMP/start-screen" "$frames" >>"$R"
		echo "{\"name\":\"rss_kiosk_screen\",\"kb\":$(rss_kb "$KIOSK_PID")}" >>"$R"
		idle idle_kiosk_screen "$KIOSK_PID" "$IDLE"
	else
		na start_first_frame "the kiosk did not draw a frame on the offscreen driver (see its log)"
		na idle_kiosk_screen "the kiosk did not draw a frame on the offscreen driver"
	fi
	[ -n "$KIOSK_PID" ] && stop_pid "$KIOSK_PID"
	KIOSK_PID=""
	say "a synthetic SDL tap to the frame showing the ticket (dummy driver), ${BENCH_SDL_TAPS:-100} taps"
	(cd "$TOP" && "$BENCH" tap-sdl "${BENCH_SDL_TAPS:-100}") >>"$R" 2>>"$TMP/tap.log" ||
		na tap_sdl "the SDL tap bench failed: $(tail -1 "$TMP/tap.log")"
	if [ -x "$BUILD/tests/tools/bench-tap.sh" ] || [ -f "$TOP/tests/bench/tap.sh" ]; then
		bash "$TOP/tests/bench/tap.sh" >>"$R" 2>>"$TMP/tap.log" || na tap_to_frame "the tap bench failed: $(tail -1 "$TMP/tap.log")"
	else
		na tap_to_frame "not measured yet (the screen landed on main at the end of this work)"
	fi
else
	na tap_to_frame "not available yet (the SDL screen is not on main)"
	na idle_kiosk_screen "not available yet (the SDL screen is not on main)"
	na start_first_frame "not available yet (the SDL screen is not on main)"
fi

# ---------------------------------------------------------------- button -> LED
say "button edge to the last LED frame, on the recording fake"
"$BENCH" button "$TMP/turno.ini" "$TMP/button.db" 200 >>"$R" || say "button failed"

# ---------------------------------------------------------------- turno-report
if [ -x "$BUILD/turno-report" ] && [ -x "$BUILD/tests/tools/report-filldb" ]; then
	say "turno-report summary over $REPORT_TICKETS tickets (filling the database first)"
	"$BUILD/tests/tools/report-filldb" "$TMP/big.db" "$REPORT_TICKETS" 2025-01-01 >/dev/null
	# Warm the page cache for both, then time each (best of 3).
	cat "$TMP/big.db" >/dev/null
	best() { # name cmd...
		local name=$1 b=999999 t0 t1 ms i
		shift
		for i in 1 2 3; do
			t0=$(date +%s%N)
			"$@" >/dev/null 2>&1
			t1=$(date +%s%N)
			ms=$(((t1 - t0) / 1000000))
			[ $ms -lt $b ] && b=$ms
		done
		echo "{\"name\":\"$name\",\"ms\":$b,\"tickets\":$REPORT_TICKETS}" >>"$R"
	}
	best report_summary "$BUILD/turno-report" --database "$TMP/big.db" --from 2025-01-01 --to 2025-12-31 --format json
	# The floor: one aggregate query reading the same columns, in the sqlite3 shell.
	best report_floor sqlite3 "$TMP/big.db" "SELECT service, COUNT(*), AVG(wait_s), AVG(service_s), SUM(state = 'no_show') FROM tickets WHERE day BETWEEN '2025-01-01' AND '2025-12-31' GROUP BY service"
	rm -f "$TMP/big.db"
else
	na report_summary "not available yet (turno-report is not on main)"
fi

# ---------------------------------------------------------------- the semester report PDF
if [ -x "$BUILD/turno-report" ] && [ -f "$TOP/tests/bench/report-pdf.sh" ]; then
	say "turno-report pdf over a year of three offices (generating their traffic first)"
	bash "$TOP/tests/bench/report-pdf.sh" >>"$R" || na report_pdf "the semester report bench failed"
else
	na report_pdf "not available yet (turno-report pdf is not on main)"
fi

# ---------------------------------------------------------------- turno-sync
if [ -x "$BUILD/turno-sync" ] && [ -f "$TOP/tests/bench/sync.sh" ]; then
	SYNC_EVENTS=$SYNC_EVENTS bash "$TOP/tests/bench/sync.sh" >>"$R" || na sync_drain "the sync bench failed"
else
	na sync_drain "not available yet (turno-sync is not on main)"
fi

# ---------------------------------------------------------------- soak
if [ -f "$TOP/bench/soak.json" ]; then
	python3 -c 'import json,sys; s=json.load(open(sys.argv[1])); x=s["samples"]; print(json.dumps({"name":"soak","days":len(s["days"]),"tickets":s["issued"],"rss_first_kb":x[min(2,len(x)-1)]["rss_kb"],"rss_end_kb":x[-1]["rss_kb"],"fds_first":x[0]["fds"],"fds_end":x[-1]["fds"]}))' "$TOP/bench/soak.json" >>"$R"
else
	na soak "run make soak first (resident memory after a simulated month)"
fi

cp "$R" "${OUT%.json}.jsonl"
python3 "$TOP/tests/bench/table.py" "$R" "$OUT"
