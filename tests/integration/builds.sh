#!/usr/bin/env bash
# The other builds the project promises: clang with -Werror, and everything
# instrumented with AddressSanitizer + UndefinedBehaviorSanitizer, whose unit tests
# must pass too (a leak, an overflow or undefined behaviour fails them).
. "$(dirname "$0")/../lib.sh"
cd "$TOP"
jobs=$(nproc 2>/dev/null || echo 2)

if out=$(make -j"$jobs" CC=clang O=build-clang build-tests 2>&1); then
	ok "everything builds with clang, -Werror"
else
	not_ok "everything builds with clang, -Werror" "$(grep -E 'error|warning' <<<"$out" | head -10)"
fi

if out=$(make -j"$jobs" CC=clang SANITIZE=address,undefined O=build-san build-tests 2>&1); then
	ok "everything builds with SANITIZE=address,undefined"
	for t in build-san/tests/test-*; do
		name=$(basename "$t")
		if log=$(ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1 "$t" 2>&1); then
			ok "$name passes under ASan/UBSan"
		else
			not_ok "$name passes under ASan/UBSan" "$(grep -E 'ERROR|runtime error|FAILED|not ok' <<<"$log" | head -10)"
		fi
	done
else
	not_ok "everything builds with SANITIZE=address,undefined" "$(grep -E 'error' <<<"$out" | head -10)"
fi
