# Shared by the bench/ scripts (sourced, not run): process clean-up and bounded waits.
# The sourcing script keeps the pids of what it starts in the array `pids`.

# Stops every process in `pids`: TERM, then KILL what is still there after 10 s; empties `pids`.
stop_all() {
    local pid
    for pid in "${pids[@]}"; do
        kill -TERM "$pid" 2>/dev/null || true
    done
    for pid in "${pids[@]}"; do
        for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    pids=()
}

# Waits up to $3 seconds for file $1 to hold $2 lines matching $4 (a grep pattern); fails otherwise.
await_lines() {
    local file=$1 count=$2 seconds=$3 pattern=$4
    for _ in $(seq $((seconds * 10))); do
        [ "$(grep -c -- "$pattern" "$file" 2>/dev/null || true)" -ge "$count" ] && return 0
        sleep 0.1
    done
    echo "timed out waiting for '$pattern' in $file:" >&2
    cat "$file" >&2
    return 1
}
