#!/bin/sh
# device add: before any round a phone may have none; once rounds exist it
# belongs to one, and a phone without --round is refused in one line naming
# the option.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-cli.sh"

test_expect_success 'no round yet: a phone without one is registered' '
    capphat init >/dev/null &&
    capphat device add --imei $IMEI1 --model "Samsung A05" >out &&
    test "$(cat out)" = 1
'

test_expect_success 'once a round exists: refused without --round, in one line' '
    capphat round add --name "Đợt 1" >/dev/null &&
    test_must_fail capphat device add --imei $IMEI2 --model "Nokia C32" >out 2>err &&
    test ! -s out &&
    one_line_error err "--round is required once rounds exist" &&
    ! capphat device list | grep -q $IMEI2
'

test_expect_success 'with --round it is registered in that round' '
    capphat device add --imei $IMEI2 --model "Nokia C32" --round 1 >/dev/null &&
    capphat device list >out && grep $IMEI2 out | grep -q "Đợt 1"
'

test_done
