# A private CUPS for printing tests (bash; source after tests/lib.sh).
#   cups_start              cupsd with its own ServerRoot under $TMP, on a free loopback port;
#                           exports CUPS_SERVER so libcups and the lp* tools use it
#   cups_stop               stops it (cups_start again brings it back with the same queues)
#   cups_backend NAME FILE  installs FILE as backend NAME in the private ServerBin
#   listener_start NAME     a fake AppSocket printer; sets LISTENER_PORT_<NAME>, its jobs
#                           arrive as $TMP/listener-NAME/job-N.bin
#   listener_stop NAME
#   wait_until SECONDS CMD  runs CMD until it succeeds; fails after SECONDS
# Recipe from /work/shared/NOTES.md: FileDevice Yes, User lp, both config paths absolute.

CUPS_DIR=$TMP/cups
CUPS_PID=
declare -A LISTENER_PIDS=()

wait_until() { # seconds cmd...
	local seconds=$1; shift
	local end=$((SECONDS + seconds))
	until "$@" >/dev/null 2>&1; do
		[ $SECONDS -ge $end ] && return 1
		sleep 0.05
	done
}

_cups_write_config() {
	mkdir -p "$CUPS_DIR"/{root,spool/tmp,cache,state,log,bin/backend}
	chmod 755 "$TMP" "$CUPS_DIR"
	local d
	for d in filter cgi-bin daemon monitor notifier driver; do
		[ -e "/usr/lib/cups/$d" ] && ln -sfn "/usr/lib/cups/$d" "$CUPS_DIR/bin/$d"
	done
	for d in /usr/lib/cups/backend/*; do ln -sfn "$d" "$CUPS_DIR/bin/backend/"; done
	cat >"$CUPS_DIR/cups-files.conf" <<CONF
ServerRoot $CUPS_DIR/root
RequestRoot $CUPS_DIR/spool
TempDir $CUPS_DIR/spool/tmp
CacheDir $CUPS_DIR/cache
StateDir $CUPS_DIR/state
ServerBin $CUPS_DIR/bin
DataDir /usr/share/cups
AccessLog $CUPS_DIR/log/access_log
ErrorLog $CUPS_DIR/log/error_log
PageLog $CUPS_DIR/log/page_log
FileDevice Yes
Printcap $CUPS_DIR/printcap
User lp
Group lp
SystemGroup root
CONF
	cat >"$CUPS_DIR/cupsd.conf" <<CONF
Listen 127.0.0.1:$CUPS_PORT
Listen $CUPS_DIR/cups.sock
LogLevel info
DefaultAuthType None
WebInterface No
Browsing No
JobRetryInterval 1
<Location />
  Order allow,deny
  Allow all
</Location>
<Policy default>
  <Limit All>
    Order deny,allow
  </Limit>
</Policy>
CONF
}

cups_start() {
	if [ -z "${CUPS_PORT:-}" ]; then
		CUPS_PORT=$(free_port)
		_cups_write_config
	fi
	export CUPS_SERVER=127.0.0.1:$CUPS_PORT
	cupsd -f -c "$CUPS_DIR/cupsd.conf" -s "$CUPS_DIR/cups-files.conf" >>"$CUPS_DIR/log/cupsd.out" 2>&1 &
	CUPS_PID=$!
	on_exit "kill $CUPS_PID; wait $CUPS_PID"
	if ! wait_until 10 lpstat -h "$CUPS_SERVER" -r; then
		echo "# cupsd did not start; log:"; tail -20 "$CUPS_DIR/log/error_log" | sed 's/^/# /'
		return 1
	fi
}

cups_stop() {
	[ -n "$CUPS_PID" ] || return 0
	kill "$CUPS_PID" 2>/dev/null
	wait "$CUPS_PID" 2>/dev/null
	CUPS_PID=
}

cups_backend() { # name file
	install -m 0700 -o root "$2" "$CUPS_DIR/bin/backend/$1"
}

listener_start() { # name
	local name=$1 dir=$TMP/listener-$1 port_var=LISTENER_PORT_$1
	mkdir -p "$dir"
	rm -f "$dir/listening"
	[ -n "${!port_var:-}" ] || printf -v "$port_var" '%s' "$(free_port)"
	python3 "$TOP/tests/tools/appsocket-listener.py" "${!port_var}" "$dir" &
	LISTENER_PIDS[$name]=$!
	on_exit "kill ${LISTENER_PIDS[$name]}; wait ${LISTENER_PIDS[$name]}"
	wait_until 10 test -e "$dir/listening"
}

listener_stop() { # name
	local pid=${LISTENER_PIDS[$1]:-}
	[ -n "$pid" ] || return 0
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	LISTENER_PIDS[$1]=
}

# For wait_until, which runs its command again each time: a $(…) in its arguments would be
# expanded only once, before the first try.
jobs_are() { # -ge|-gt N: the RAW listener's job count compared with N
	test "$(listener_jobs RAW)" "$1" "$2"
}

# How many complete jobs a listener has received.
listener_jobs() { # name
	local n=0 f
	for f in "$TMP/listener-$1"/job-*.bin; do [ -e "$f" ] && n=$((n + 1)); done
	echo $n
}
