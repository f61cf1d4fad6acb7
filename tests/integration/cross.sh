#!/usr/bin/env bash
# The Raspberry Pi build: everything for arm64 with Debian's cross toolchain, and the
# unit tests run under qemu-aarch64-static. (`make cross` installs what it needs.)
. "$(dirname "$0")/../lib.sh"
cd "$TOP"
if [ "${TURNO_SKIP_CROSS:-0}" = 1 ]; then
	ok "cross build skipped (TURNO_SKIP_CROSS=1) # SKIP"
	exit 0
fi
make --no-print-directory cross >"$TMP/cross.log" 2>&1
rc=$?
while read -r word test rest; do
	case "$word" in
	ok) ok "$(basename "$test") passes on arm64 under qemu" ;;
	skip) ok "$(basename "$test") not run under qemu-user (threads) # SKIP" ;;
	FAIL) not_ok "$(basename "$test") passes on arm64 under qemu" "$(tail -20 "build-arm64/$(basename "$test").log")" ;;
	esac
done < <(grep -E '^(ok|FAIL|skip) ' "$TMP/cross.log")
check_eq "make cross succeeds" 0 "$rc"
[ $rc -ne 0 ] && tail -20 "$TMP/cross.log" | sed 's/^/# /'
for p in build-arm64/turno-*; do
	file "$p" | grep -q "ARM aarch64" && ok "$(basename "$p") is an arm64 program" || not_ok "$(basename "$p") is an arm64 program"
done
