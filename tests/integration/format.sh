#!/usr/bin/env bash
# The C sources follow .clang-format (make format fixes them).
. "$(dirname "$0")/../lib.sh"
cd "$TOP"
if ! command -v clang-format >/dev/null; then
	not_ok "clang-format is installed (make deps-test)"
	exit 0
fi
if out=$(make --no-print-directory format-check 2>&1); then
	ok "every C file follows .clang-format"
else
	not_ok "every C file follows .clang-format (run make format)" "$(grep -o '^[^:]*:[0-9]*' <<<"$out" | sort -u | head -10)"
fi
