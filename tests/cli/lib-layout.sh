# tests/cli/lib-layout.sh — what the layout tests share: the lists of
# layout-files.py, and every value of every person as the database holds it.

layout() { "$PYTHON" "$SRC_DIR/tests/cli/layout-files.py" "$@"; }

# One line per person, in the order imported: name, gender, birth year,
# ethnic group, village, commune, district, citizen ID, phone, note, active.
persons() {
    sql "select p.full_name, p.gender, p.birth_year, e.name, coalesce(v.name, ''), c.name,
                d.name, coalesce(p.id_number, ''), coalesce(p.phone, ''), coalesce(p.note, ''),
                p.active
         from person p left join ethnic_group e on e.id = p.ethnic_id
         left join unit v on v.id = p.village_id join unit c on c.id = p.commune_id
         join unit d on d.id = c.parent_id order by p.id"
}

# The three persons of layout-files.py, every value.
expect_three() {
    cat <<'EOT'
Nguyễn Văn An|M|1960|Tày|Nà Làng|Mỹ Phương|Ba Bể|006060001234|0912345678|trưởng thôn|1
Hoàng Thị Bích|F|1965|Dao|Bản Cháo|Mỹ Phương|Ba Bể|006165001235|0912345679||1
Lý Văn Đông|M|1952|Nùng|Khuổi Nộc|Chợ Rã|Ba Bể|006052001236||mới bầu|1
EOT
}
