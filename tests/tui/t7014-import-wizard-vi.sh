#!/bin/sh
# The import wizard in Vietnamese (LANGUAGE=vi, only C.UTF-8): every text
# of its steps is Vietnamese, the fields show by their Vietnamese names and
# are found by them and by the names of --map, the rejected row's reason
# comes from the rules in Vietnamese, and a long error of the file step
# or a long reason of a rejected row wraps instead of being cut.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-tui.sh"
SQ="'"

test_expect_success 'a CSV list with a title row, Vietnamese headers and one bad row' '
    cat >"$TEST_DIR/ds.csv" <<-\CSV &&
	DANH SÁCH NGƯỜI CÓ UY TÍN NĂM 2026
	STT,Họ và tên,Giới tính,Năm sinh,Dân tộc,Xã,Huyện,Liên lạc
	1,Hà Thị Mai,Nữ,1958,Tày,Chợ Rã,Ba Bể,0987111222
	2,Nông Văn Páo,Nam,19x8,Tày,Chợ Rã,Ba Bể,
	3,Lý Văn Tằng,Nam,1950,Dao,Chợ Rã,Ba Bể,0912345678
	CSV
    printf "Họ và tên,Ghi chú của cán bộ phụ trách\r\nHà Thị Mai,x\r\n" >"$TEST_DIR/no-commune.csv" &&
    capphat init >/dev/null
'

test_expect_success 'F2 on People: the file step in Vietnamese' '
    tui_start LANGUAGE=vi LC_ALL=C.UTF-8 &&
    tui_keys 2 &&
    tui_wait "Người có uy tín: 0" &&
    tui_screen | tail -1 | grep -F "F2Nhập" &&
    tui_keys F2 &&
    tui_wait "Nhập người có uy tín từ danh sách CSV hoặc Excel" &&
    tui_screen | grep -F "Tệp (.csv, .xlsx)*"
'

test_expect_success 'a file without a commune column: the whole message shows, wrapped' '
    tui_type "$TEST_DIR/no-commune.csv" && tui_keys Enter &&
    tui_wait "không có cột ${SQ}xã" &&
    tui_screen >screen &&
    grep -F "các cột đã thấy:" screen &&
    grep -F "Ghi chú của cán bộ phụ" screen &&
    grep -F "trách${SQ}" screen
'

test_expect_success 'the preview: each column with its field in Vietnamese' '
    tui_keys C-u && tui_type "$TEST_DIR/ds.csv" && tui_keys Enter &&
    tui_wait "bảng mã UTF-8, tiêu đề ở dòng 2" &&
    tui_wait "Các cột (Enter: đổi trường):" &&
    tui_screen | grep -F "Họ và tên" | grep -F "→ họ và tên" &&
    tui_screen | grep -F "Năm sinh" | grep -F "→ năm sinh" &&
    tui_screen | grep -F "Liên lạc" | grep -F "→ không nhập" &&
    tui_wait "Các dòng đầu:" && tui_wait "Hà Thị" &&
    tui_screen | grep -F "F3: kiểm tra tệp mà không nhập; F2: nhập." &&
    tui_screen | tail -1 | grep -F "F3Kiểm tra"
'

test_expect_success 'Enter on a column: its field found by a Vietnamese word' '
    tui_keys Down Down Down Down Down Down Down Enter &&
    tui_wait "Trường của cột ${SQ}Liên lạc" &&
    tui_type "điện thoại" && tui_wait "số điện thoại" && tui_keys Enter &&
    tui_wait_gone "Trường của cột" &&
    tui_screen | grep -F "Liên lạc" | grep -F "→ số điện thoại"
'

test_expect_success 'F3 checks: counts and the rejected row in Vietnamese' '
    tui_keys F3 &&
    tui_wait "Kết quả kiểm tra: nhập được 2, từ chối 1, trùng 0" &&
    tui_screen | grep -F "dòng 4: năm sinh ${SQ}19x8${SQ} phải là một năm, ví dụ 1958"
'

test_expect_success 'F2 asks in Vietnamese, then imports the good rows' '
    tui_keys F2 &&
    tui_wait "1 dòng bị từ chối và 0 dòng trùng. Nhập 2 dòng hợp lệ" &&
    tui_keys c &&
    tui_wait "Kết quả nhập: nhập được 2, từ chối 1, trùng 0" &&
    tui_wait "Xong. Esc để đóng trình nhập dữ liệu." &&
    tui_keys Escape &&
    tui_wait "Người có uy tín: 2" &&
    tui_quit &&
    capphat person list >list &&
    grep -F "Lý Văn Tằng" list | grep -F 0912345678
'

test_expect_success 'devices: a long reason shows whole, on the lines under it' '
    printf "STT,Số IMEI 1,Loại máy\r\n1,490154203237518,Galaxy A05\r\n2,4.90154E+14,Redmi 13C\r\n" \
        >"$TEST_DIR/dv.csv" &&
    tui_start LANGUAGE=vi LC_ALL=C.UTF-8 &&
    tui_keys 3 && tui_wait "F2Nhập" &&
    tui_keys F2 &&
    tui_wait "Nhập thiết bị từ danh sách CSV hoặc Excel" &&
    tui_type "$TEST_DIR/dv.csv" && tui_keys F2 &&
    tui_wait "Loại máy" &&
    tui_screen | grep -F "Số IMEI 1" | grep -F "→ IMEI" &&
    tui_keys F3 &&
    tui_wait "Kết quả kiểm tra: nhập được 1, từ chối 1, trùng 0" &&
    tui_screen | grep -F "dòng 3: IMEI ${SQ}4.90154E+14${SQ} ở dạng số mũ khoa học" &&
    tui_screen | grep -F "rồi nhập lại IMEI" &&
    tui_quit
'

test_done
