#!/bin/bash
# Bad input: each a one-line "runjail: ..." error, exit 125, nothing left
# mounted on the host, and the command never run.
. "$(dirname "$0")/lib.sh"
need_root "bad input tests"

J=$WORK/bad
make_jail "$J"
mkdir -p "$WORK/noproc"; cp "$PROBE" "$WORK/noproc/probe"
mkdir -p "$WORK/linkproc"; ln -s /proc "$WORK/linkproc/proc"
ln -s "$J" "$WORK/rootlink"
before=$(mountset)

bad() { # NAME REGEX ARGS...
	local n=$1 re=$2; shift 2
	expect_fail "$n" 125 "$re" "$@"
	if [ -n "$RJ_OUT" ]; then fail "$n: the command ran" "$RJ_OUT"; fi
}
P=/probe
bad "unknown user"            "user nosuchuser: no such user"   -r "$J" -u nosuchuser -- $P
bad "unknown group"           "group nosuchgrp: no such group"  -r "$J" -u nobody -g nosuchgrp -- $P
bad "unknown group in -G"     "group nosuchgrp: no such group"  -r "$J" -u nobody -G rjg1,nosuchgrp -- $P
bad "empty user"              "user: empty name"                -r "$J" -u '' -- $P
bad "uid -1 is not an id"     "user 4294967295: no such user"   -r "$J" -u 4294967295 -- $P
bad "relative root"           "root jail: not an absolute path" -r jail -u nobody -- $P
bad "missing root"            "root /nonexistent/x: No such file or directory" -r /nonexistent/x -u nobody -- $P
bad "root not a directory"    "Not a directory"                 -r "$J/probe" -u nobody -- $P
bad "root is a symlink"       "is a symbolic link"              -r "$WORK/rootlink" -u nobody -- $P
bad "missing ROOT/proc"       "/proc: no such file or directory in the jail" -r "$WORK/noproc" -u nobody -P -- $P
bad "ROOT/proc is a symlink"  "/proc: a symbolic link"          -r "$WORK/linkproc" -u nobody -P -- $P
bad "-P without -r"           "need a jail root"                -u nobody -P -- $P
bad "unknown rlimit"          "unknown resource 'files'"        -r "$J" -l files=10 -- $P
bad "rlimit without ="        "expected NAME=SOFT"              -r "$J" -l nofile -- $P
bad "rlimit bad value"        "bad value"                       -r "$J" -l nofile=ten -- $P
bad "rlimit bad suffix"       "bad value"                       -r "$J" -l nofile=10X -- $P
bad "rlimit negative"         "bad value"                       -r "$J" -l nofile=-1 -- $P
bad "rlimit overflow"         "bad value"                       -r "$J" -l as=99999999999T -- $P
bad "rlimit overflow digits"  "bad value"                       -r "$J" -l as=184467440737095516160 -- $P
bad "rlimit soft above hard"  "soft limit above hard limit"     -r "$J" -l nofile=100:10 -- $P
bad "umask not octal"         "umask 0999: expected an octal"   -r "$J" -m 0999 -- $P
bad "umask too big"           "umask 01000: expected an octal"  -r "$J" -m 01000 -- $P
bad "umask words"             "umask abc: expected an octal"    -r "$J" -m abc -- $P
bad "umask empty"             "expected an octal"               -r "$J" -m '' -- $P
bad "unknown capability"      "unknown capability 'net_bind_servic'" -r "$J" -c net_bind_servic -- $P
bad "nice out of range"       "nice 20: expected a number"      -r "$J" -n 20 -- $P
bad "nice not a number"       "nice x: expected a number"       -r "$J" -n x -- $P
bad "setenv without ="        "setenv FOO: expected VAR=VALUE"  -r "$J" -e FOO -- $P
bad "setenv bad name"         "setenv 1X=y: expected VAR=VALUE" -r "$J" -e 1X=y -- $P
bad "keep-env bad name"       "keep-env A=B: not a variable"    -r "$J" --keep-env A=B -- $P
bad "bind relative"           "paths must be absolute"          -r "$J" --bind data:/data -- $P
bad "chdir relative"          "chdir tmp: not an absolute path" -r "$J" -d tmp -- $P
bad "chdir missing"           "chdir /nowhere: No such file"    -r "$J" -u nobody -d /nowhere -- $P
bad "no command"              "no command given"                -r "$J" -u nobody
bad "no command after --"     "no command given"                -r "$J" -u nobody --
bad "empty command"           "no command given"                -r "$J" -u nobody -- ''
bad "unknown short option"    "-x: unknown option"              -x -- $P
bad "unknown long option"     "--frobnicate: unknown option"    --frobnicate -- $P
bad "option without value"    "-u: option needs a value"        -u
bad "control characters are not echoed raw" "user a\?b: no such user" -r "$J" -u $'a\nb' -- $P

expect_eq "bad input leaves nothing mounted" "$(mountset)" "$before"
