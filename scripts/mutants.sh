#!/bin/sh
# The suite must notice when security-relevant code breaks. Each mutant below is
# one deliberate bug, applied to a throwaway copy of the committed tree; the part
# of the suite that guards that code runs against it and must fail. A mutant the
# suite does not notice "survives", and this script exits 1.
#
#   sh scripts/mutants.sh            every mutant (several minutes on two cores)
#   sh scripts/mutants.sh NAME...    only these
#
# A mutant is exact text to find (exactly once) and its replacement, so a change
# that moves the text makes the script say so instead of silently testing nothing.
# Each check first runs on the unmutated copy and must pass there.
set -eu
cd "$(dirname "$0")/.."
root=$(pwd)
want=" $* "
caught=0
survived=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Run one check in the copy $1; its exit code is the verdict.
check() {
	dir=$1
	shift
	case $1 in
	integration)
		make -C "$dir" --no-print-directory all >/dev/null &&
		    GATEHOUSE_BIN="$dir/build/gatehouse" node --test "$dir/tests/integration/$2.test.mjs" ;;
	unit)
		make -C "$dir" --no-print-directory "build/unit/$2" >/dev/null && "$dir/build/unit/$2" ;;
	lint)
		sh "$dir/scripts/checksrc" ;;
	esac
}

# mutant NAME FILE TEXT REPLACEMENT CHECK...
mutant() {
	name=$1 file=$2 text=$3 repl=$4
	shift 4
	case "$want" in "  " | *" $name "*) ;; *) return 0 ;; esac
	copy="$tmp/$name"
	mkdir -p "$copy"
	git ls-files -z | xargs -0 cp --parents -t "$copy"
	ln -s "$root/node_modules" "$copy/node_modules"
	# The control: unmutated, the check must pass, or a "caught" would mean nothing.
	if ! check "$copy" "$@" >"$tmp/$name.control.log" 2>&1; then
		echo "mutant $name: its check fails without the mutation ($*):" >&2
		tail -n 20 "$tmp/$name.control.log" >&2
		exit 1
	fi
	if ! FIND="$text" REPL="$repl" perl -0 -i -pe '
	    BEGIN { ($f, $r) = ($ENV{FIND}, $ENV{REPL}); }
	    $n = () = /\Q$f\E/g; die "found $n times\n" unless $n == 1; s/\Q$f\E/$r/;' "$copy/$file"; then
		echo "mutant $name: its text is not in $file exactly once; update scripts/mutants.sh" >&2
		exit 1
	fi
	if check "$copy" "$@" >"$tmp/$name.log" 2>&1; then
		echo "SURVIVED  $name  ($file; checked by: $*)"
		survived=$((survived + 1))
	else
		echo "caught    $name  (by: $*)"
		caught=$((caught + 1))
	fi
	rm -rf "$copy"
}

# Tokens: compared in constant time (the lint forbids early-exit compares of hashes).
mutant token-memcmp src/auth/token.c \
    'if (sodium_memcmp(set->items[i].hash, hash, TOKEN_HASH_BYTES) == 0)' \
    'if (memcmp(set->items[i].hash, hash, TOKEN_HASH_BYTES) == 0)' lint
# DNS rebinding: a second Host header is refused.
mutant host-twice src/front/front.c \
    'if (h.nhost != 1 ||' 'if (h.nhost < 1 ||' integration front_rebinding
# A loopback Origin is trusted only on a loopback listener.
mutant origin-loopback src/front/front.c \
    'cfg->nallowed_origins, l->loopback)' 'cfg->nallowed_origins, true)' integration front_nonloopback
# Colliding prompts are withheld like tools.
mutant prompt-collision src/mcp/aggregate.c \
    'if (json_integer_value(json_object_get(count, k)) > 1) {' \
    'if (kind != LIST_PROMPTS && json_integer_value(json_object_get(count, k)) > 1) {' unit mcp/test_downstream
# An X-Forwarded-For chain too long to hold fails closed onto the peer.
mutant xff-fail-open src/front/request.c \
    'if (h->nxff == 0 || h->xff_overflow)' 'if (h->nxff == 0)' unit front/test_request
# A session id is never a credential: another token's request finds nothing.
mutant session-other-token src/mcp/router.c \
    'if (sodium_memcmp(s->token_hash, token_hash, TOKEN_HASH_BYTES) != 0)' \
    'if (sodium_memcmp(s->token_hash, token_hash, TOKEN_HASH_BYTES) != 0 && 0)' integration mcp_sessions
# A failing send never reports the loss from inside send() (issue 7, finding 2).
mutant loss-in-send src/exec/child.c \
    'uv_timer_start(&c->lost_timer, on_lost_timer, 0, 0);' \
    '(void)on_lost_timer; c->t.cb->on_lost(c->t.owner, c->lost_reason);' unit exec/test_child

echo "mutants: $caught caught, $survived survived"
[ $((caught + survived)) -gt 0 ] && [ "$survived" -eq 0 ]
