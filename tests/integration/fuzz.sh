#!/usr/bin/env bash
# Every parser fuzzed with libFuzzer (tests/fuzz/fuzz-*.c, built with ASan and UBSan):
# first the saved inputs (tests/fuzz/corpus/NAME and the regressions in
# tests/fuzz/regressions/NAME, inputs that once crashed) must all pass, then each harness
# runs for FUZZ_SECONDS (make test: 5; `make fuzz FUZZ_SECONDS=600` for a long run).
# A crash is kept in $O/fuzz-crashes/ to become a regression input.
. "$(dirname "$0")/../lib.sh"
cd "$TOP"
FUZZ_SECONDS=${FUZZ_SECONDS:-5}
FUZZ_O=build-fuzz
crashes="$BUILD/fuzz-crashes"

if ! out=$(make --no-print-directory -j"$(nproc 2>/dev/null || echo 2)" fuzz-build 2>&1); then
	not_ok "the fuzzers build (clang, -fsanitize=fuzzer,address,undefined)" "$(grep -E 'error' <<<"$out" | head -10)"
	exit 0
fi
ok "the fuzzers build (clang, -fsanitize=fuzzer,address,undefined)"

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
for fuzzer in "$FUZZ_O"/fuzz/fuzz-*; do
	[ -x "$fuzzer" ] || continue
	name=${fuzzer##*/fuzz-}
	seeds=()
	for d in tests/fuzz/corpus/$name tests/fuzz/corpus-$name tests/fuzz/regressions/$name; do
		[ -d "$d" ] && seeds+=("$d")
	done
	# The saved inputs, each run once.
	files=$(find "${seeds[@]}" -type f 2>/dev/null | sort)
	if [ -n "$files" ]; then
		# shellcheck disable=SC2086
		if log=$("$fuzzer" $files 2>&1); then
			ok "$name: the $(wc -l <<<"$files") saved inputs pass"
		else
			not_ok "$name: the $(wc -l <<<"$files") saved inputs pass" "$(grep -E 'ERROR|runtime error|Running:' <<<"$log" | tail -5)"
		fi
	fi
	# New inputs for FUZZ_SECONDS; the growing corpus stays in $TMP.
	work="$TMP/corpus-$name"
	mkdir -p "$work" "$crashes"
	[ ${#seeds[@]} -gt 0 ] && find "${seeds[@]}" -type f -exec cp {} "$work/" \;
	log="$TMP/fuzz-$name.log"
	"$fuzzer" -max_total_time="$FUZZ_SECONDS" -timeout=10 -rss_limit_mb=1024 -print_final_stats=1 \
		-artifact_prefix="$crashes/$name-" "$work" >"$log" 2>&1
	rc=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
	cov=$(grep -oE 'cov: [0-9]+' "$log" | tail -1)
	echo "# $name: ${runs:-?} inputs in ${FUZZ_SECONDS} s, ${cov:-cov: ?}, corpus $(ls "$work" | wc -l)"
	if [ $rc -eq 0 ] && [ "${runs:-0}" -gt 0 ]; then
		ok "$name: fuzzed ${runs} inputs, no crash, leak or undefined behaviour"
	else
		not_ok "$name: fuzzed without a crash (saved in $crashes)" \
			"$(grep -E 'ERROR|runtime error|SUMMARY|Test unit written' "$log" | head -8)"
	fi
done
