#!/bin/sh
# capphat training add|attend|list: sessions and who attended them.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-cli.sh"

test_expect_success 'setup: four persons' '
    capphat init >/dev/null &&
    add_person "Nguyễn Văn An" >/dev/null &&
    add_person "Hoàng Thị Bích" --gender F >/dev/null &&
    add_person "Lê Văn Đông" >/dev/null &&
    capphat person add --name "Ma Thị Én" --gender F --district "ba be" --commune "my phuong" >/dev/null
'

test_expect_success 'add prints the new id' '
    capphat training add --date 10/05/2024 --place "Nhà văn hoá thôn Nà Lù" \
        --trainer "Lý Văn Kỹ" --topic "Sử dụng điện thoại thông minh" \
        --district "ba be" --commune "cho ra" >out &&
    test "$(cat out)" = 1 &&
    test "$(sql "select held_on, trainer from training_session where id = 1")" = "2024-05-10|Lý Văn Kỹ"
'

test_expect_success 'add: each of date, place, trainer, topic is required (exit 2)' '
    test_expect_code 2 capphat training add --place x --trainer y --topic z 2>err &&
    one_line_error err "--date is required" &&
    test_expect_code 2 capphat training add --date 2024-05-10 --trainer y --topic z 2>err &&
    one_line_error err "--place is required" &&
    test_expect_code 2 capphat training add --date 2024-05-10 --place x --topic z 2>err &&
    one_line_error err "--trainer is required" &&
    test_expect_code 2 capphat training add --date 2024-05-10 --place x --trainer y 2>err &&
    one_line_error err "--topic is required"
'

test_expect_success 'add: a bad date, an empty place or an unknown commune are refused' '
    h=$(db_hash) &&
    test_must_fail capphat training add --date 2024-13-10 --place x --trainer y --topic z 2>err &&
    one_line_error err "date ${SQ}2024-13-10${SQ}" &&
    test_must_fail capphat training add --date 2024-05-10 --place " " --trainer y --topic z 2>err &&
    one_line_error err "place is required" &&
    test_must_fail capphat training add --date 2024-05-10 --place x --trainer y --topic z \
        --commune nowhere 2>err &&
    one_line_error err "commune ${SQ}nowhere${SQ} is unknown" &&
    test_must_fail capphat training add --date 2024-05-10 --place x --trainer y --topic z \
        --round 4 2>err &&
    one_line_error err "round" &&
    unchanged_after "$h"
'

test_expect_success 'attend: several ids after --person; a repeated id counts once' '
    capphat training attend --session 1 --person 1 2 2 3 >out &&
    grep -x "3 added to session 1 (0 already on the list)" out &&
    test "$(sql "select count(*) from attendance where session_id = 1")" = 3
'

test_expect_success 'attend: --person repeated, and persons already on the list' '
    n=$(audit_count) &&
    capphat training attend --session 1 --person 1 --person 4 >out &&
    grep -x "1 added to session 1 (1 already on the list)" out &&
    test "$(audit_count)" = $((n + 1))
'

test_expect_success 'attend: an unknown person or session changes nothing at all' '
    h=$(db_hash) &&
    capphat training add --date 2024-06-01 --place x --trainer y --topic z >/dev/null &&
    h=$(db_hash) &&
    test_must_fail capphat training attend --session 2 --person 1 99 2>err &&
    one_line_error err "person: no person with id 99" &&
    test_must_fail capphat training attend --session 9 --person 1 2>err &&
    one_line_error err "session: no training session with id 9" &&
    test_must_fail capphat training attend --session 2 --person abc 2>err &&
    one_line_error err "person ${SQ}abc${SQ} is not an id" &&
    test_expect_code 2 capphat training attend --session 2 2>err &&
    one_line_error err "--session and --person are required" &&
    unchanged_after "$h" &&
    test "$(sql "select count(*) from attendance where session_id = 2")" = 0
'

test_expect_success 'list: sessions, newest first, with their attendee counts' '
    capphat training list >list &&
    printf "id\tdate\tplace\ttrainer\ttopic\tcommune\tattendees\n" >expect &&
    head -1 list >header && test_cmp expect header &&
    sed -n 2p list | cut -f1,2,7 >row2 &&
    printf "2\t01/06/2024\t0\n" >expect && test_cmp expect row2 &&
    sed -n 3p list >row3 &&
    printf "1\t10/05/2024\tNhà văn hoá thôn Nà Lù\tLý Văn Kỹ\tSử dụng điện thoại thông minh\tChợ Rã\t4\n" >expect &&
    test_cmp expect row3
'

test_expect_success 'list --session: the attendees of one session' '
    capphat training list --session 1 | tail -n +2 | cut -f1,2 | sort -n >list &&
    printf "1\tNguyễn Văn An\n2\tHoàng Thị Bích\n3\tLê Văn Đông\n4\tMa Thị Én\n" >expect &&
    test_cmp expect list &&
    test_must_fail capphat training list --session 7 2>err &&
    one_line_error err "no training session with id 7" &&
    test_expect_code 2 capphat training list extra 2>err &&
    one_line_error err "training list takes options only"
'

test_expect_success 'attend --remove takes persons off the list, audited' '
    n=$(audit_count) &&
    capphat training attend --session 1 --person 2 --remove >out &&
    grep -x "1 removed from session 1" out &&
    test "$(audit_count)" = $((n + 1)) &&
    test "$(sql "select action from audit_log order by id desc limit 1")" = training.unattend &&
    capphat training list --session 1 | cut -f1 >ids &&
    ! grep -x 2 ids
'

test_expect_success 'attend --remove of someone not on the list changes nothing' '
    h=$(db_hash) &&
    capphat training attend --session 1 --person 2 --remove >out &&
    unchanged_after "$h"
'

test_expect_success 'the training shows in person show' '
    capphat person show 4 >show &&
    sed -n "/^Training:/,/^Audit log:/p" show >train &&
    grep -F "10/05/2024  session 1  Sử dụng điện thoại thông minh, Nhà văn hoá thôn Nà Lù (Lý Văn Kỹ)" train
'

test_expect_success 'training without a subcommand prints usage, exit 2' '
    test_expect_code 2 capphat training >out &&
    grep "usage: capphat training add|attend|list" out &&
    test_expect_code 2 capphat training nope 2>err &&
    one_line_error err "unknown subcommand ${SQ}nope${SQ}"
'

test_expect_success 'the audit chain is valid' '
    capphat check >out && grep "^ok: " out
'

test_done
