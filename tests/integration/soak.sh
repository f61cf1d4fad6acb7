#!/usr/bin/env bash
# Simulated office days through the REAL kiosk (headless, on TURNO_TEST_CLOCK) and
# turno-ctl: arrivals by the hour in the example configuration's opening hours,
# operators calling, serving, recalling, marking no-shows (tests/tools/soak-driver.py).
# Checked: every day's numbers restart at 001 and run on without holes, nobody gets a
# ticket before opening, the database stays intact and grows by the same bytes per
# ticket, descriptors do not leak, the kiosk stops cleanly (under ASan: no leak).
#   make test: 2 days (Monday noon to Wednesday morning) under ASan/UBSan.
#   make soak: SOAK_DAYS=30 on the normal build with a private cupsd printing every ticket.
. "$(dirname "$0")/../lib.sh"
. "$TOP/tests/lib-cups.sh"
DAYS=${SOAK_DAYS:-1.9}
FACTOR=${SOAK_FACTOR:-7200}
RATE=${SOAK_RATE:-0.4}
PRINTER=${SOAK_PRINTER:-preview}
SAN=${SOAK_SANITIZE:-1}
START=${SOAK_START:-2026-01-12 11:30} # a Monday, local time
SEED=${SEED:-$RANDOM}
cd "$TOP"

if [ "$SAN" = 1 ]; then
	KBUILD="$TOP/build-san"
	if ! out=$(make --no-print-directory -j2 CC=clang SANITIZE=address,undefined O=build-san all 2>&1); then
		not_ok "the kiosk builds with ASan/UBSan" "$(grep error <<<"$out" | head -5)"
		exit 0
	fi
	export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
else
	KBUILD="$BUILD"
fi

make_config "$TMP/turno.ini"
print_args=(--print-preview "$TMP/tickets")
if [ "$PRINTER" = cups ]; then
	cups_start && listener_start soak || { not_ok "private cupsd and printer start"; exit 0; }
	lpadmin -p Soak -v "socket://127.0.0.1:$LISTENER_PORT_soak" -m raw -E 2>/dev/null
	sed -i "s|^destination =.*|destination = Soak|" "$TMP/turno.ini"
	print_args=()
fi

start_ms=$(TZ=Europe/Rome date -d "$START" +%s)000
anchor=$(python3 -c 'import time; print(int(time.clock_gettime(time.CLOCK_MONOTONIC) * 1000) + 300)')
echo "# soak: $DAYS days from $START (Europe/Rome) at $FACTOR x, rate $RATE, printer $PRINTER, kiosk $KBUILD, seed $SEED"
TURNO_TEST_CLOCK="$start_ms:$FACTOR:$anchor" "$KBUILD/turno-kiosk" --config "$TMP/turno.ini" --headless \
	--database "$TMP/turno.db" --socket "$TMP/control.sock" "${print_args[@]}" >"$TMP/kiosk.log" 2>&1 &
KIOSK_PID=$!
if ! "$CTL" --socket "$TMP/control.sock" --wait 30 ping >/dev/null; then
	not_ok "the kiosk starts on the accelerated clock" "$(tail -5 "$TMP/kiosk.log")"
	exit 0
fi
ok "the kiosk starts on the accelerated clock"

python3 "$TOP/tests/tools/soak-driver.py" --ctl "$CTL" --socket "$TMP/control.sock" --pid "$KIOSK_PID" \
	--db "$TMP/turno.db" --config "$TMP/turno.ini" --start-ms "$start_ms" --factor "$FACTOR" \
	--anchor-ms "$anchor" --days "$DAYS" --rate "$RATE" --seed "$SEED" --out "$TMP/soak.json"
stop_kiosk
rc=$?
check_eq "the kiosk stops cleanly after the soak (exit status; under ASan: no leak)" 0 "$rc"
[ "$rc" -ne 0 ] && grep -E 'ERROR|SUMMARY|runtime error' "$TMP/kiosk.log" | head -5 | sed 's/^/# /'
[ -n "${SOAK_KEEP:-}" ] && cp "$TMP/soak.json" "$SOAK_KEEP"

j() { python3 -c "import json,sys; s=json.load(open('$TMP/soak.json')); print($1)"; }
check_eq "turno-ctl always reached the kiosk" "[]" "$(j 's["ctl_failures"][:3]')"
check_eq "each day's first ticket of each service is number 001" "[]" "$(j 's["first_of_day_wrong"][:5]')"
check_eq "numbers run on without holes within a day" "[]" "$(j 's["numbers_not_consecutive"][:5]')"
check_eq "nobody got a ticket before opening" 0 "$(j 's["issued_outside_hours"]')"
[ "$(j 's["refused_closed"]')" -gt 0 ] && ok "tickets asked before opening were refused ($(j 's["refused_closed"]'))" ||
	not_ok "tickets asked before opening were refused"
issued=$(j 's["issued"]')
[ "$issued" -gt 20 ] && ok "citizens got tickets ($issued) and were called ($(j 's["calls"]'))" ||
	not_ok "citizens got tickets" "only $issued"

db() { sqlite3 "$TMP/turno.db" "$1"; }
check_eq "PRAGMA integrity_check" ok "$(db 'PRAGMA integrity_check')"
check_eq "the database holds exactly the tickets turno-ctl printed" "$issued" "$(db 'SELECT COUNT(*) FROM tickets')"
check_eq "every day's numbers start at 1 with no hole (database)" 0 \
	"$(db "SELECT COUNT(*) FROM (SELECT 1 FROM tickets GROUP BY day, prefix HAVING MIN(number) <> 1 OR MAX(number) <> COUNT(*))")"
check_eq "no ticket of a past day is left waiting or at a counter" 0 \
	"$(db "SELECT COUNT(*) FROM tickets WHERE state IN ('waiting','called') AND day < (SELECT MAX(day) FROM tickets)")"
echo "# per day: $(db "SELECT day || ' ' || COUNT(*) FROM tickets GROUP BY day" | tr '\n' ',' | sed 's/,$//')"

# Descriptors, memory and size, sampled every simulated morning at 07:00.
python3 - "$TMP/soak.json" "$SAN" >"$TMP/trend.txt" <<'PY'
import json, sys
s = json.load(open(sys.argv[1])); san = sys.argv[2] == "1"
smp = s["samples"]
first, last = smp[0], smp[-1]
print("fds", first["fds"], last["fds"], max(x["fds"] for x in smp))
base = smp[min(2, len(smp) - 1)]  # after the first days (caches warm)
print("rss", base["rss_kb"], last["rss_kb"], max(x["rss_kb"] for x in smp))
per = [x["db_bytes"] / x["tickets"] for x in smp if x["tickets"] >= 100]
print("bpt", round(per[0]) if per else 0, round(per[-1]) if per else 0)
print("wal", max(x["wal_bytes"] for x in smp))
PY
read -r _ fd_first fd_last fd_max < <(grep ^fds "$TMP/trend.txt")
read -r _ rss_base rss_last rss_max < <(grep ^rss "$TMP/trend.txt")
read -r _ bpt_first bpt_last < <(grep ^bpt "$TMP/trend.txt")
read -r _ wal_max < <(grep ^wal "$TMP/trend.txt")
echo "# descriptors: $fd_first at the first sample, $fd_last at the end (max $fd_max)"
echo "# resident memory: $rss_base kB after the first days, $rss_last kB at the end (max $rss_max)"
echo "# database: $bpt_first bytes/ticket early, $bpt_last at the end; WAL at most $wal_max bytes"
[ "$fd_last" -le $((fd_first + 1)) ] && ok "no descriptor leak ($fd_first -> $fd_last open fds)" ||
	not_ok "no descriptor leak" "$fd_first -> $fd_last (max $fd_max)"
[ "$wal_max" -le $((8 * 1024 * 1024)) ] && ok "the WAL stays checkpointed (at most $wal_max bytes)" ||
	not_ok "the WAL stays checkpointed" "$wal_max bytes"
if [ "$SAN" != 1 ]; then
	# Flat: SQLite's page cache (2000 KiB by default) fills as the database grows (a month:
	# ~2.5 MB); beyond that nothing may grow.
	[ "$rss_last" -le $((rss_base + 2304)) ] && ok "memory flat ($rss_base -> $rss_last kB)" ||
		not_ok "memory flat" "$rss_base -> $rss_last kB"
	if [ "$bpt_first" -gt 0 ]; then
		awk -v a="$bpt_first" -v b="$bpt_last" 'BEGIN {exit !(b >= a * 0.6 && b <= a * 1.4)}' &&
			ok "the database grows by the same bytes per ticket ($bpt_first -> $bpt_last)" ||
			not_ok "the database grows by the same bytes per ticket" "$bpt_first -> $bpt_last"
	fi
fi
if [ "$PRINTER" = cups ]; then
	printed=$(db "SELECT COUNT(*) FROM tickets WHERE print_state = 'printed'")
	check_eq "every ticket printed through the private cupsd" "$issued" "$printed"
fi
