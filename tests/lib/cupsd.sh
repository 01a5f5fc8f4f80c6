# tests/lib/cupsd.sh — a private CUPS daemon for tests that print.
#
#   . "$SRC_DIR/tests/lib/cupsd.sh"
#   cupsd_start "$TEST_DIR/cups" || exit 1   # at the top level of the script,
#                                           # not inside test_expect_success
#   ... print to queue 'capture'; each job's bytes land in DIR/out/job-ID,
#   its copies in DIR/out/copies-ID and its options (media=A4 ...) in
#   DIR/out/options-ID ...
#   cupsd_stop "$TEST_DIR/cups"
#
# cupsd_start DIR writes its own cupsd.conf and cups-files.conf in DIR,
# listens only on the socket DIR/cups.sock (no network port, no browsing),
# runs `cupsd -f` in the background and keeps its process id in
# DIR/cupsd.pid, waits until it answers (lpstat -r), adds the raw queue
# 'capture' whose backend copies every job file into DIR/out, and exports
# CUPS_SERVER=DIR/cups.sock. It sets no default printer.
# cupsd_stop DIR stops that process by its id (never by name) and waits
# for it to end. cupsd must run as root (as CI does); cupsd_start fails
# with a message otherwise. DIR must not already hold a running daemon.
#
# Facts behind this: /work/shared/notes/testing-printing.md.

# The backend: with no arguments it describes itself (cupsd asks at start);
# otherwise it copies the job (argument 6, or standard input) into the
# folder of its device URI as job-ID, renamed into place when complete.
_cupsd_backend() {
    cat <<'BACKEND'
#!/bin/sh
if [ $# -eq 0 ]; then
    echo 'direct capture "Unknown" "capphat test capture"'
    exit 0
fi
dir=${DEVICE_URI#capture:}
tmp=$dir/.job-$1.part
if [ $# -ge 6 ]; then
    cp "$6" "$tmp" || exit 1
else
    cat >"$tmp" || exit 1
fi
mv "$tmp" "$dir/job-$1" || exit 1
echo "$4" >"$dir/copies-$1"
echo "$5" >"$dir/options-$1"
exit 0
BACKEND
}

cupsd_start() {
    _cd=$1
    if [ "$(id -u)" -ne 0 ]; then
        echo "cupsd_start: cupsd needs root" >&2
        return 1
    fi
    if [ -f "$_cd/cupsd.pid" ] && kill -0 "$(cat "$_cd/cupsd.pid")" 2>/dev/null; then
        echo "cupsd_start: a cupsd already runs in $_cd" >&2
        return 1
    fi
    mkdir -p "$_cd/spool" "$_cd/cache" "$_cd/state" "$_cd/tmp" "$_cd/log" \
        "$_cd/out" "$_cd/bin/backend" || return 1
    _cd=$(cd "$_cd" && pwd)

    # ServerBin: links to the system's filters and helpers, and a backend
    # folder of our own with the capture backend next to the system's.
    for f in /usr/lib/cups/*; do
        [ "$(basename "$f")" = backend ] && continue
        ln -sf "$f" "$_cd/bin/"
    done
    for f in /usr/lib/cups/backend/*; do
        [ -e "$f" ] && ln -sf "$f" "$_cd/bin/backend/"
    done
    _cupsd_backend >"$_cd/bin/backend/capture"
    # mode 0700: cupsd runs a backend that others cannot execute as root,
    # so it can read the spooled job and write into DIR/out.
    chmod 0700 "$_cd/bin/backend/capture"

    cat >"$_cd/cupsd.conf" <<CONF
Listen $_cd/cups.sock
LogLevel warn
Browsing No
BrowseLocalProtocols none
WebInterface No
DefaultAuthType None
MaxLogSize 0
<Location />
  Order allow,deny
  Allow all
</Location>
<Policy default>
  JobPrivateAccess all
  JobPrivateValues none
  SubscriptionPrivateAccess all
  SubscriptionPrivateValues none
  <Limit All>
    Order deny,allow
    Allow all
  </Limit>
</Policy>
CONF
    cat >"$_cd/cups-files.conf" <<CONF
ServerRoot $_cd
RequestRoot $_cd/spool
CacheDir $_cd/cache
StateDir $_cd/state
TempDir $_cd/tmp
ServerBin $_cd/bin
ErrorLog $_cd/log/error_log
AccessLog $_cd/log/access_log
PageLog $_cd/log/page_log
User lp
Group lp
SystemGroup root
FileDevice No
CONF
    chmod 0644 "$_cd/cupsd.conf" "$_cd/cups-files.conf"
    # cupsd drops to lp for some work: let it into its folders.
    chown lp:lp "$_cd/spool" "$_cd/cache" "$_cd/tmp" 2>/dev/null
    chmod 0755 "$_cd"

    cupsd -f -c "$_cd/cupsd.conf" -s "$_cd/cups-files.conf" \
        >"$_cd/log/cupsd.out" 2>&1 </dev/null &
    echo $! >"$_cd/cupsd.pid"
    CUPS_SERVER=$_cd/cups.sock
    export CUPS_SERVER

    _n=0
    until lpstat -r 2>/dev/null | grep -q 'is running'; do
        _n=$((_n + 1))
        if [ $_n -gt 100 ] || ! kill -0 "$(cat "$_cd/cupsd.pid")" 2>/dev/null; then
            echo "cupsd_start: cupsd in $_cd did not answer; its logs:" >&2
            cat "$_cd/log/cupsd.out" "$_cd/log/error_log" >&2 2>/dev/null
            cupsd_stop "$_cd"
            return 1
        fi
        sleep 0.1
    done
    if ! lpadmin -p capture -E -v "capture:$_cd/out" >"$_cd/log/lpadmin.out" 2>&1; then
        echo "cupsd_start: lpadmin could not add the queue 'capture':" >&2
        cat "$_cd/log/lpadmin.out" "$_cd/log/error_log" >&2 2>/dev/null
        cupsd_stop "$_cd"
        return 1
    fi
    return 0
}

cupsd_stop() {
    _cd=$1
    [ -f "$_cd/cupsd.pid" ] || return 0
    _pid=$(cat "$_cd/cupsd.pid")
    rm -f "$_cd/cupsd.pid"
    [ -n "$_pid" ] || return 0
    kill -TERM "$_pid" 2>/dev/null || return 0
    _n=0
    while kill -0 "$_pid" 2>/dev/null; do
        _n=$((_n + 1))
        if [ $_n -gt 50 ]; then
            kill -KILL "$_pid" 2>/dev/null
            break
        fi
        sleep 0.1
    done
    # reap it when it is our child (no zombie left behind)
    wait "$_pid" 2>/dev/null
    return 0
}
