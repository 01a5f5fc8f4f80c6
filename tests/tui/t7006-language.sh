#!/bin/sh
# Language: Vietnamese by default, with only C.UTF-8 (no vi_VN locale);
# English with LANGUAGE=en or the setting, which switches the interface at
# once; LANGUAGE in the environment wins over the setting.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-tui.sh"

test_expect_success 'no LANGUAGE, LC_ALL=C.UTF-8: the interface is Vietnamese' '
    capphat init >/dev/null &&
    tui_start -u LANGUAGE LC_ALL=C.UTF-8 &&
    tui_wait "Tổng quan" &&
    tui_wait "Cài đặt" &&
    tui_wait "Trợ giúp" &&
    tui_keys F1 && tui_wait "capphat — trợ giúp" &&
    tui_screen | grep -q "Thoát" &&
    tui_keys Escape
'

test_expect_success 'the setting switches the interface to English at once' '
    tui_keys 7 && tui_wait "Cài đặt (Enter để sửa)" &&
    tui_keys Enter && tui_wait "Ngôn ngữ giao diện" &&
    tui_keys Tab Tab Tab Tab Tab Tab Tab Tab Tab Tab &&
    tui_keys C-u && tui_type "english" && tui_keys Tab F2 &&
    tui_wait "Settings (Enter edits them)" &&
    tui_wait "1 Overview" &&
    capphat settings >out && grep -q "en" out
'

test_expect_success 'a new start without LANGUAGE follows the setting (English)' '
    tui_quit &&
    tui_start -u LANGUAGE LC_ALL=C.UTF-8 &&
    tui_wait "1 Overview" && tui_wait "F1Help"
'

test_expect_success 'LANGUAGE=vi wins over the setting' '
    tui_quit &&
    tui_start LANGUAGE=vi LC_ALL=C.UTF-8 &&
    tui_wait "Tổng quan" &&
    tui_quit
'

test_done
