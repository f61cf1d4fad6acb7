#!/usr/bin/env bash
# Runs every suite and ends with one line: "N passed, N failed".
# Unit tests are cmocka programs in $O/tests (TAP output); integration suites are
# tests/integration/*.sh, which print TAP lines too (tests/lib.sh).
#   --unit-only      only the cmocka programs
#   --only NAME      only suites whose name contains NAME
set -u
cd "$(dirname "$0")/.."
O=${O:-build}
export O
only=""
unit_only=0
while [ $# -gt 0 ]; do
	case "$1" in
	--unit-only) unit_only=1 ;;
	--only) shift; only=$1 ;;
	*) echo "run-all: unknown option $1" >&2; exit 2 ;;
	esac
	shift
done

logs="$O/test-logs"
mkdir -p "$logs"
total_pass=0
total_fail=0
failed_suites=()

run_suite() { # name, command...
	local name=$1; shift
	[ -n "$only" ] && [[ "$name" != *"$only"* ]] && return
	local log="$logs/${name//\//-}.log" start end rc pass fail
	start=$(date +%s.%N)
	CMOCKA_MESSAGE_OUTPUT=TAP "$@" >"$log" 2>&1 </dev/null
	rc=$?
	end=$(date +%s.%N)
	pass=$(grep -cE '^ok [0-9]+' "$log")
	fail=$(grep -cE '^not ok [0-9]+' "$log")
	if [ "$rc" -ne 0 ] && [ "$fail" -eq 0 ]; then
		fail=1
		echo "not ok - $name exited with status $rc" >>"$log"
	fi
	if [ "$pass" -eq 0 ] && [ "$fail" -eq 0 ]; then
		fail=1
		echo "not ok - $name ran no test" >>"$log"
	fi
	total_pass=$((total_pass + pass))
	total_fail=$((total_fail + fail))
	printf '%-28s %4d passed, %d failed  (%ss)\n' "$name" "$pass" "$fail" "$(awk -v a="$start" -v b="$end" 'BEGIN {printf "%.1f", b - a}')"
	if [ "$fail" -gt 0 ]; then
		failed_suites+=("$name")
		grep -E '^not ok|^#' "$log" | grep -B0 -A8 '^not ok' | head -40 | sed 's/^/    /'
	fi
}

for t in "$O"/tests/test-*; do
	[ -x "$t" ] || continue
	run_suite "unit/$(basename "$t")" "$t"
done

if [ "$unit_only" -eq 0 ]; then
	for s in tests/integration/*.sh; do
		[ -f "$s" ] || continue
		run_suite "integration/$(basename "$s" .sh)" bash "$s"
	done
fi

if [ ${#failed_suites[@]} -gt 0 ]; then
	echo "failed suites (logs in $logs): ${failed_suites[*]}"
fi
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ] && [ "$total_pass" -gt 0 ]
