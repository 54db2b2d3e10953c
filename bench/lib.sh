# Shared by bench/run and bench/viral: building, starting and stopping the servers, running
# wrk, and reading its answers. Source it; it needs $work (a scratch directory).

command -v wrk >/dev/null || { echo "bench: needs wrk (apt-get install wrk)" >&2; exit 2; }

OUTCRY=./target/release/outcry
HELLO=./target/release/examples/hello
ACTION_SLUG=azat-miftakhov-torture-in-ik-18

build() {
    cargo build --release --quiet --bin outcry
    cargo build --release --quiet -p outcry-web --example hello
}

# Waits until URL answers 200; fails after 10 s.
wait_ready() {
    for _ in $(seq 100); do
        [ "$(curl -s -o /dev/null -w '%{http_code}' "$1")" = 200 ] && return 0
        sleep 0.1
    done
    echo "bench: $1 did not answer 200 within 10 s" >&2
    return 1
}

peak_rss_mb() { awk '/VmHWM/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status"; }

# wrk's latency ("812.00us", "2.41ms", "1.02s") in milliseconds.
to_ms() {
    awk -v v="$1" 'BEGIN {
        n = v + 0
        if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /s$/) n *= 1000
        printf "%.2f", n
    }'
}

# The middle one of its arguments, as numbers.
median() { printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

# Runs wrk with the given arguments for $secs seconds over $conns connections and prints
# "rps p50_ms p99_ms non2xx3xx total acknowledged unexpected shed" (the last three from
# bench/post.lua). The whole output is kept in $work/wrk.last.
measure() {
    local c="$1"
    shift
    local out
    out=$(wrk -t2 -c"$c" -d"${secs}s" --latency "$@")
    echo "$out" >"$work/wrk.last"
    awk '
        /Requests\/sec/ { rps = $2 }
        $1 == "50%" { p50 = $2 }
        $1 == "99%" { p99 = $2 }
        /Non-2xx or 3xx/ { odd = $5 }
        /requests in/ { total = $1 }
        $1 == "acknowledged" { acked = $2; unexpected = $4; shed = $6 }
        END { print rps, p50, p99, odd + 0, total + 0, acked + 0, unexpected + 0, shed + 0 }
    ' <<<"$out" | while read -r rps p50 p99 odd total acked unexpected shed; do
        echo "$rps $(to_ms "$p50") $(to_ms "$p99") $odd $total $acked $unexpected $shed"
    done
}

# Starts Outcry's demo on the SQLite file $1 with any further flags; sets $outcry (the pid).
start_outcry() {
    local db="$1"
    shift
    OUTCRY_DATABASE_URL="sqlite://$db" OUTCRY_DATA_DIR="$work/data" "$OUTCRY" serve --demo --listen 127.0.0.1:18080 \
        --secret "$(printf '%064d' 7)" \
        --posts-per-minute 100000000 --network-posts-per-minute 100000000 \
        --action-posts-per-minute 100000000 "$@" 2>>"$work/serve.log" &
    outcry=$!
    wait_ready http://127.0.0.1:18080/healthz
}

start_hello() {
    "$HELLO" 127.0.0.1:18081 2>/dev/null &
    hello=$!
    wait_ready http://127.0.0.1:18081/
}

stop() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }

ACTION_URL=http://127.0.0.1:18080/en/a/$ACTION_SLUG

# The browser cookie bench/post.lua posts with: the CSRF nonce of a first visit.
browser_cookie() {
    curl -s -D - -o /dev/null "$ACTION_URL" |
        grep -i '^set-cookie: outcry_csrf=' | sed 's/^[Ss]et-[Cc]ookie: //; s/;.*//' | tr -d '\r'
}

# The action's count as stored (not as the page shows it, which may lag): from the CLI.
stored_count() {
    OUTCRY_DATABASE_URL="sqlite://$1" "$OUTCRY" counts list "$ACTION_SLUG" 2>/dev/null |
        awk '/^counted in all:/ { print $4 }'
}

# Fails unless every POST acknowledged in the run is among the records stored since.
check_stored() {
    local acked="$1" before="$2" after="$3"
    local stored=$((after - before))
    # wrk stops mid-flight: a POST the server finished after wrk's clock ran out is stored but
    # not counted by wrk, so stored may exceed acknowledged, never the other way round.
    if [ "$stored" -lt "$acked" ]; then
        echo "bench: $((acked - stored)) acknowledged POSTs were NOT stored" >&2
        return 1
    fi
}
