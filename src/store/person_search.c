/*
 * person_search: the person lists, search and paging; see
 * include/store/person_search.h. This file only reads. What follows holds
 * for every list it answers, and the code below relies on it.
 *
 * What a search reads (name_fold and sort_key are written with each row
 * by src/app/, the two indexes by triggers):
 * - person.name_fold: text_fold(full_name): lower case, tones and other
 *   marks stripped, đ as d, white space one space, trimmed. The caller
 *   folds the search text (person_query.search) the same way; text is
 *   compared with text byte for byte (instr, BINARY ranges).
 * - person.sort_key: collate_person_key(full_name), an ICU sort key (given
 *   name first) compared with memcmp: the order by name. Made again by
 *   person_store_rekey after an ICU upgrade.
 * - person_word: name_fold from the start of each of its words to its end
 *   (pos 0: the whole name, pos 1: from a later word), with copies of
 *   sort_key and name_fold, so that a search by the start of the name or
 *   of a word reads one index range and no person row.
 * - person_tri: an FTS5 trigram index (case sensitive, external content)
 *   of name_fold and phone: a phrase of 3 or more characters names the
 *   rows that hold it. Not the citizen ID (see below).
 * person_word and person_tri are kept in step with person by the triggers
 * of schema.c, whatever program writes; a bulk load (person_load.c) sets
 * their insert triggers aside and fills both at its end.
 * - unit.name_fold (text_fold) of the person's village and commune, and the
 *   IMEI of each device the person holds (an open handover).
 *
 * What matches: an empty text, everyone; a text s, a person whose
 * name_fold holds s, or, when s is all digits, whose phone holds s or
 * whose citizen ID is s (tiers 0-3 below); or a person in whom every word
 * of s (the parts between its spaces, in any order) is found: inside the
 * name, the village's or the commune's name, or, for a word of digits,
 * inside the phone or the IMEI of a device held, or equal to the whole
 * citizen ID or to the birth year ("thuong 1980": Thương born in 1980)
 * (tier 4; the SQL function find_words of db.c). The filters
 * (district, commune with the old communes merged into it, active, with or
 * without an open handover, in a round) are LIST_FILTERS, the same in
 * every statement.
 *
 * A part of a citizen ID finds no one by that ID: id_number is compared
 * whole (equal to all 12 digits of a CCCD, or the 9 of an old CMND), never
 * searched inside, and no index holds a part of it (person_tri lost it in
 * schema version 4). The lists show it masked; searching 006000, 006001,
 * ... would give the hidden digits away one at a time. (The same digits
 * may still match a phone or a name.)
 *
 * The order, total, and the same for every page of a list:
 * 1. with a search text, its tier (TIER_CASE, in SQL only; a row's 5: no
 *    match): 0 the name is s, 1 the name starts with s, 2 a later word
 *    starts with s (the name holds " " s), 3 any other match of s whole
 *    (the name holds it, or the phone or citizen ID as above), 4 its
 *    words found as above and nothing of 0-3;
 * 2. the sort columns: by name, sort_key; by number, none; by commune,
 *    the name of the unit above the commune (its district, or the province
 *    for a commune of 2025; none first), the commune's name (both COLLATE
 *    vi), sort_key; by birth year, birth_year (unknown first), sort_key;
 * 3. the id.
 * descending turns 2 and 3 round, never 1. reverse turns the whole order
 * round, tiers too: the last page is the first page of the reversed
 * list. Walking, desc (descending != reverse) is the direction of 2 and 3.
 *
 * The reference: tests/unit/test_person_list.c keeps the one statement
 * that answered every list in schema version 1 (LIKE matches, a CASE rank,
 * ORDER BY rank, sort columns, id; LIMIT and OFFSET), changed only to
 * match the citizen ID whole and to add rank 4, the words of the text
 * each found by plain instr() over the joined village, commune and
 * devices held (its texts: words of names, places and IMEIs in any order,
 * and parts of words). Every list of this file (each sort,
 * direction and filter; by offset, after a row and reversed; with sparse
 * tiers read from the indexes and with every tier walked,
 * person_search_set_collect_cap(0)) must give its rows in its order, and
 * person_search_count its number of rows: rows or an order that differ
 * from it are a bug here, or a change to make in that statement first.
 * (It predates merged communes: its commune filter is the commune alone,
 * as LIST_FILTERS is for a commune that absorbed none, such as the one the
 * test filters by.)
 *
 * How a page is read, at the same cost at either end of 100,000 rows:
 * - First the ids of the page in order, then each row by id (PERSON_SELECT;
 *   a row deleted in between is left out). A whole list without search,
 *   limit or after_id is one statement sorted by SQLite (all_sql), faster
 *   read once than row by row.
 * - The ids come from walking an index in the list's order, LIMIT the rows
 *   still to skip (offset) and to take: by name person_sort (sort_key,
 *   id); by number the table; by birth year person_birth, one year after
 *   another; by commune person_commune, one group after another, a group
 *   being the communes whose two names compare equal, their persons merged
 *   in memory by sort key as SQLite's ORDER BY interleaves them.
 * - A search reads one tier after another (4 down to 0 when reversed).
 *   Where an index names a tier's candidates (tiers 0-2: person_word;
 *   tier 3: the later words starting with what follows the first space of
 *   s, when s has one and they are few, else person_tri for 3 or more
 *   characters, and the unique index on id_number for the whole citizen
 *   ID) and they are few (a capped count: 2,000, or 10,000 for tier 2 of a
 *   list by name without filters, read from person_word alone), they are
 *   read, sorted in memory by key_cmp (the same order) and taken; a tier
 *   with more, or none an index can name, is walked in the list's order,
 *   dense enough then to fill a page quickly. Candidates may be more than
 *   the tier (a person_word range also holds names of other tiers; a
 *   trigram of digits names names and phones): each is tested with
 *   LIST_TIER and LIST_FILTERS. Without filters, by name or number, tiers
 *   0-2 are read straight from person_word (words_top), a name with two
 *   matching words taken once.
 * - Tier 4 has its candidates from one word of s (WORD_CANDS): the persons
 *   of the communes (person_commune) and villages (person_village) whose
 *   names hold it, for digits the holders of the devices whose IMEI holds
 *   it (device_imei read whole, ~6 ms at 100,000), the citizen ID and, for
 *   4 digits, the persons born that year (person_birth), and,
 *   when s is more than that one word, its trigram matches (a word of 1-2
 *   characters has none: it is never the one). Of the words, the one whose
 *   sources name the fewest (each counted up to a cap: find_best_word).
 *   Few (2,000; of a text of several words, whose candidates are often
 *   sparse in the list's order, 10,000): read, sorted and taken as above;
 *   more, up to 10,000: the walk tests only them (?23: "p.id IN (...)" before the costly test,
 *   for a walk by name or number, not one walk per group); more still, or
 *   no word with candidates: every row walked is tested (find_words reads
 *   the village, commune and devices held of each).
 *
 * Keyset paging (after_id): the row to continue after (the anchor) is read
 * again: its key (sort_key, id, and its birth year or commune group) and
 * its tier. Tiers before the anchor's are passed over; in its tier the
 * walk starts in its year or commune group, after its key by a row-value
 * comparison ((sort_key, id) > (?12, ?13), < walking down), and sorted
 * candidates are taken after it by key_cmp; later tiers are read whole.
 * offset then skips rows from there. An anchor since deleted lists from
 * the top; one that no longer matches the search has nothing after it.
 * Nothing is kept between calls: each page reads the data as it is.
 *
 * Counting (person_search_count): the table's size without search or
 * filter; tiers 0-3: person_tri's matches (and the whole citizen ID, which
 * it does not hold) for a text of 3 or more characters; for 1-2 letters
 * without filter, instr over the names of the index person_same; else
 * every row, tested; and then tier 4 (count_words_tier): of a text of one
 * word, its candidates whose name, phone or ID do not hold it; of more,
 * the best word's candidates tested, or every row when no word has them.
 * Without filter and without a word of digits, person_search_names_count
 * answers the whole count from a block in memory for the People screen
 * (the name, village and commune of everyone: a word of letters is found
 * in nothing else, and a name that holds the whole text holds each word).
 */
#include "store/person_search.h"
#include "store/person_store.h"
#include "store_internal.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "core/collate.h"
#include "core/strbuf.h"
#include "core/xalloc.h"

/* Parameters shared by the list statements:
 * ?1 search text, ?2 ?1 || x'FF' (the end of its prefix range), ?3 ' ' || ?1,
 * ?4 district, ?5 commune, ?6 active, ?7 status, ?8 round, ?9 digits only,
 * ?10 tier (-1: no search), ?11 limit, ?12 ?13 the key and id to start
 * after, ?14 the group (birth year or commune id), ?15 trigram query,
 * ?16 ?17 a later word's range (collect_rest), ?18 some word is digits,
 * ?19-?22 the word whose candidates tier 4 reads (WORD_CANDS), ?23 a walk
 * of tier 4 tests only them, ?24 the year that word is (4 digits), else 0. */
/*
 * Tier 4: the persons an index names for one word ?19 of the text, a
 * superset of those in which that word is found: for a text of several
 * words (?21), the trigram query ?20 of the word (names, and phones for
 * digits); the persons of the communes and villages whose names hold it
 * (person_commune, person_village); for digits (?22), the holders of the devices whose
 * IMEI holds it (device_imei, read whole), the person whose
 * citizen ID it is and, for 4 digits, the persons born that year.
 */
#define CAND_TRI "SELECT rowid FROM person_tri WHERE ?21 AND person_tri MATCH ?20"
#define CAND_COMMUNE                                                                               \
    "SELECT id FROM person INDEXED BY person_commune WHERE commune_id IN "                         \
    "(SELECT id FROM unit WHERE instr(name_fold, ?19) > 0)"
#define CAND_VILLAGE                                                                               \
    "SELECT id FROM person INDEXED BY person_village WHERE village_id IN "                         \
    "(SELECT id FROM unit WHERE level = 'village' AND instr(name_fold, ?19) > 0)"
#define CAND_IMEI                                                                                  \
    "SELECT h.person_id FROM device dv INDEXED BY device_imei JOIN handover h "                    \
    "ON h.device_id = dv.id AND h.returned_on IS NULL WHERE ?22 AND instr(dv.imei, ?19) > 0"
#define CAND_ID "SELECT id FROM person WHERE ?22 AND id_number = ?19"
/* a word of 4 digits is a year (?24, else 0): the persons born that year */
#define CAND_YEAR "SELECT id FROM person INDEXED BY person_birth WHERE birth_year = ?24"
#define WORD_CANDS                                                                                 \
    CAND_TRI " UNION " CAND_COMMUNE " UNION " CAND_VILLAGE " UNION " CAND_IMEI " UNION " CAND_ID   \
             " UNION " CAND_YEAR
/*
 * The same sources on a server, counted (PROBE_CANDS) and read
 * (WORD_SOURCES_PG): a unit's name holds the word as a LIKE pattern (?38,
 * the word escaped between two %), whose share of the units the planner
 * can tell from its statistics (of "instr(...) > 0" it guesses a third:
 * 33,000 persons where there are 3 communes' worth, and it then reads
 * every person instead of the few an index names); the units taken as an
 * array (= ANY(ARRAY(...))) so that each is a probe of an index, where a
 * join would read every person (20 ms at 100,000 persons for one
 * commune's 600).
 */
#define UNITS_HOLDING "SELECT id FROM unit WHERE name_fold LIKE ?38"
#define VILLAGES_HOLDING "SELECT id FROM unit WHERE level = 'village' AND name_fold LIKE ?38"
#define CAND_COMMUNE_PG "SELECT id FROM person WHERE commune_id = ANY(ARRAY(" UNITS_HOLDING "))"
#define CAND_VILLAGE_PG "SELECT id FROM person WHERE village_id = ANY(ARRAY(" VILLAGES_HOLDING "))"
/* at least as many as WORD_CANDS names, each source counted up to ?11 */
#define CAPPED(src) "(SELECT count(*) FROM (" src " LIMIT ?11))"
#define PROBE_CANDS(tri, commune, village)                                                         \
    "SELECT " CAPPED(tri) " + " CAPPED(commune) " + " CAPPED(village) " + " CAPPED(                \
        CAND_IMEI) " + " CAPPED(CAND_ID) " + " CAPPED(CAND_YEAR)
/* On a server the names holding a word of letters are counted from
 * person_word, the index alone (step 19): the names with a word starting
 * with it (?19 to ?39). A word found inside a word of a name is not
 * counted: the count chooses how a tier is read, never which rows (all
 * are tested), and the trigram index would recheck every row it names
 * against the table (5 ms for the 3,000 names holding "dinh"). */
#define CAND_TRI_PG                                                                                \
    "SELECT 1 FROM person_word WHERE ?21 AND NOT ?22 AND pos IN (0, 1) AND word >= ?19 "           \
    "AND word < ?39 UNION ALL SELECT rowid FROM person_tri WHERE ?21 AND ?22 "                     \
    "AND person_tri MATCH ?20"

/* Whether every word of ?1 is in the name, village, commune, or for digits
 * the phone, the IMEI of a device held (?18: some word is digits), the
 * whole citizen ID or the birth year: the test of tier 4 (find_words,
 * src/store/db.c) */
#define WORDS_FOUND                                                                                \
    "find_words(?1, coalesce(p.id_number, '') || ' ' || coalesce(CAST(p.birth_year AS TEXT), "     \
    "''), "                                                                                        \
    "3, p.name_fold, "                                                                             \
    "(SELECT u.name_fold FROM unit u WHERE u.id = p.village_id), "                                 \
    "(SELECT u.name_fold FROM unit u WHERE u.id = p.commune_id), p.phone, "                        \
    "CASE WHEN ?18 THEN (SELECT group_concat(dv.imei, ' ') FROM handover h "                       \
    "JOIN device dv ON dv.id = h.device_id WHERE h.person_id = p.id AND h.returned_on IS NULL) "   \
    "END)"
/*
 * The same test word by word, in plain SQL: slot k (?25 + 2k the word or
 * NULL, ?26 + 2k whether it is digits), for the first WORD_SLOTS words;
 * ?37: they are all the words (find_words is then not called). A server
 * evaluates these with its own functions, where find_words is a PL/pgSQL
 * loop called per row (~5 µs), and reads the units whose names hold a
 * word once per statement (a hashed subplan), not per row.
 */
#define WORD_SLOT(w, d)                                                                            \
    "(CAST(" w " AS TEXT) IS NULL OR instr(p.name_fold, " w ") > 0 "                               \
    "OR p.village_id IN (SELECT u.id FROM unit u WHERE instr(u.name_fold, " w ") > 0) "            \
    "OR p.commune_id IN (SELECT u.id FROM unit u WHERE instr(u.name_fold, " w ") > 0) "            \
    "OR (" d " AND (instr(p.phone, " w ") > 0 OR p.id_number = " w " "                             \
    "OR CAST(p.birth_year AS TEXT) = " w " OR EXISTS (SELECT 1 FROM handover h JOIN device dv "    \
    "ON dv.id = h.device_id WHERE h.person_id = p.id AND h.returned_on IS NULL "                   \
    "AND instr(dv.imei, " w ") > 0))))"
#define WORD_SLOTS 6
#define WORDS_TEST                                                                                        \
    "(" WORD_SLOT("?25", "?26") " AND " WORD_SLOT("?27", "?28") " AND " WORD_SLOT(                        \
        "?29",                                                                                            \
        "?30") " AND " WORD_SLOT("?31",                                                                   \
                                 "?32") " AND " WORD_SLOT("?33",                                          \
                                                          "?34") " AND " WORD_SLOT("?35",                 \
                                                                                   "?36") " AND "         \
                                                                                          "(coale"        \
                                                                                          "sce(?"         \
                                                                                          "37, "          \
                                                                                          "0) = "         \
                                                                                          "1 "            \
                                                                                          "OR"            \
                                                                                          " " WORDS_FOUND \
                                                                                          "))"
/* Tiers 0-3 match the whole text in the name (or phone, citizen ID); a
 * walk of one of them (?10) tells the others apart no further */
#define NAME_MATCH                                                                                 \
    "(instr(p.name_fold, ?1) > 0 OR (?9 AND (p.id_number = ?1 OR instr(p.phone, ?1) > 0)))"
#define TIER_CASE                                                                                  \
    "(CASE WHEN p.name_fold = ?1 THEN 0 "                                                          \
    "WHEN p.name_fold > ?1 AND p.name_fold < ?2 THEN 1 WHEN instr(p.name_fold, ?3) > 0 THEN 2 "    \
    "WHEN " NAME_MATCH " THEN 3 WHEN ?10 BETWEEN 0 AND 3 THEN 5 WHEN " WORDS_TEST " THEN 4 "       \
    "ELSE 5 END)"
/* A row of tier ?10 (-1: any); in tier 4 (?23: of the candidates of the
 * best word, ?19-?22, as a walk reads it) the costly test comes last */
#define LIST_TIER                                                                                  \
    "(?10 < 0 OR ((?10 <> 4 OR NOT ?23 OR p.id IN (" WORD_CANDS ")) AND " TIER_CASE " = ?10)) "
#define LAST_TIER 4

#define LIST_FILTERS                                                                               \
    "AND (?4 = 0 OR p.commune_id IN (SELECT u.id FROM unit u WHERE u.parent_id = ?4)) "            \
    "AND (?5 = 0 OR " UNIT_WITHIN(                                                                 \
        "p.commune_id", "?5") ") AND (?6 < 0 OR p.active = ?6) "                                   \
                              "AND (?7 = 0 OR (?7 = 1) = EXISTS (SELECT 1 FROM handover h WHERE "  \
                              "h.person_id = p.id AND "                                            \
                              "     h.returned_on IS NULL AND (?8 = 0 OR h.round_id = ?8))) "

#define WALK(from, where, order)                                                                   \
    "SELECT p.id FROM person p " from " WHERE " LIST_TIER LIST_FILTERS where " ORDER BY " order    \
    " LIMIT ?11"

#define KEY_AFTER "AND (p.sort_key, p.id) > (?12, ?13)"
#define KEY_BEFORE "AND (p.sort_key, p.id) < (?12, ?13)"
#define KEY_ASC "p.sort_key, p.id"
#define KEY_DESC "p.sort_key DESC, p.id DESC"

/* [sort][descending][continues after a row] */
static const char *const walk_sql[4][2][2] =
    {
        [PERSON_SORT_NAME] =
            {
                {WALK("INDEXED BY person_sort", "", KEY_ASC),
                 WALK("INDEXED BY person_sort", KEY_AFTER, KEY_ASC)},
                {WALK("INDEXED BY person_sort", "", KEY_DESC),
                 WALK("INDEXED BY person_sort", KEY_BEFORE, KEY_DESC)},
            },
        [PERSON_SORT_ID] =
            {
                {WALK("", "", "p.id"), WALK("", "AND p.id > ?13", "p.id")},
                {WALK("", "", "p.id DESC"), WALK("", "AND p.id < ?13", "p.id DESC")},
            },
        [PERSON_SORT_COMMUNE] =
            {
                {WALK("INDEXED BY person_commune", "AND p.commune_id = ?14", KEY_ASC),
                 WALK("INDEXED BY person_commune", "AND p.commune_id = ?14 " KEY_AFTER, KEY_ASC)},
                {WALK("INDEXED BY person_commune", "AND p.commune_id = ?14", KEY_DESC),
                 WALK("INDEXED BY person_commune", "AND p.commune_id = ?14 " KEY_BEFORE, KEY_DESC)},
            },
        [PERSON_SORT_BIRTH] =
            {
                {WALK("INDEXED BY person_birth", "AND p.birth_year IS ?14", KEY_ASC),
                 WALK("INDEXED BY person_birth", "AND p.birth_year IS ?14 " KEY_AFTER, KEY_ASC)},
                {WALK("INDEXED BY person_birth", "AND p.birth_year IS ?14", KEY_DESC),
                 WALK("INDEXED BY person_birth", "AND p.birth_year IS ?14 " KEY_BEFORE, KEY_DESC)},
            },
};

/* The same by birth year on a server, which has no "IS" of a value: the
 * year, or for the group of the unknown (?14 NULL) none, each a range of
 * person_birth once the plan is made for the value */
#define BIRTH_IS "AND (p.birth_year = ?14 OR (?14 IS NULL AND p.birth_year IS NULL))"
static const char *const walk_birth_pg[2][2] = {
    {WALK("", BIRTH_IS, KEY_ASC), WALK("", BIRTH_IS " " KEY_AFTER, KEY_ASC)},
    {WALK("", BIRTH_IS, KEY_DESC), WALK("", BIRTH_IS " " KEY_BEFORE, KEY_DESC)},
};

/* The rows of one tier that an index names, with what they sort by. */
#define COLLECT(src)                                                                               \
    "SELECT p.id, p.sort_key, p.birth_year, p.commune_id FROM person p " src                       \
    " AND " LIST_TIER LIST_FILTERS "LIMIT ?11"
static const char *const collect_words_sql[3] = {
    COLLECT("WHERE p.id IN (SELECT person_id FROM person_word WHERE pos = 0 AND word = ?1)"),
    COLLECT("WHERE p.id IN (SELECT person_id FROM person_word WHERE pos = 0 AND word >= ?1 "
            "AND word < ?2)"),
    COLLECT("WHERE p.id IN (SELECT person_id FROM person_word WHERE pos = 1 AND word >= ?1 "
            "AND word < ?2)"),
};
static const char collect_rest_sql[] =
    COLLECT("WHERE p.id IN (SELECT person_id FROM person_word WHERE pos = 1 AND word >= ?16 "
            "AND word < ?17)");
/* TRI_IDS: the persons the trigram query ?15 names, and for digits (?9) the
 * one whose citizen ID is the whole text */
#define TRI_IDS                                                                                    \
    "SELECT rowid FROM person_tri WHERE person_tri MATCH ?15 "                                     \
    "UNION SELECT id FROM person WHERE ?9 AND id_number = ?1"
static const char collect_tri_sql[] = COLLECT("WHERE p.id IN (" TRI_IDS ")");
static const char collect_commune_sql[] =
    COLLECT("INDEXED BY person_commune WHERE p.commune_id = ?14");

/* How many candidates the trigram index names, counted up to a cap. */
static const char probe_tri_sql[] =
    "SELECT count(*) FROM (SELECT rowid FROM person_tri WHERE person_tri MATCH ?1 LIMIT ?2)";

/* WORD_CANDS on a server as one condition on the person read: each source
 * an index of person (trigrams, commune, village, birth year, the primary
 * key, the citizen ID), which the server reads once as one bitmap, so that
 * each candidate is read and tested in one pass */
#define WORD_SOURCES_PG                                                                            \
    "((?21 AND (p.name_fold LIKE ?38 OR (?22 AND p.phone LIKE ?38))) "                             \
    "OR p.commune_id = ANY(ARRAY(" UNITS_HOLDING ")) "                                             \
    "OR p.village_id = ANY(ARRAY(" VILLAGES_HOLDING ")) "                                          \
    "OR (?22 AND p.id = ANY(ARRAY(SELECT h.person_id FROM device dv "                              \
    "JOIN handover h ON h.device_id = dv.id AND h.returned_on IS NULL "                            \
    "WHERE instr(dv.imei, ?19) > 0))) OR (?22 AND p.id_number = ?19) OR p.birth_year = ?24)"
#define PROBE_CANDS_SQL(db)                                                                        \
    DIALECT(db, PROBE_CANDS(CAND_TRI, CAND_COMMUNE, CAND_VILLAGE),                                 \
            PROBE_CANDS(CAND_TRI_PG, CAND_COMMUNE_PG, CAND_VILLAGE_PG))
#define COLLECT_CANDS_SQL(db)                                                                      \
    DIALECT(db, COLLECT("WHERE p.id IN (" WORD_CANDS ")"), COLLECT("WHERE " WORD_SOURCES_PG))

/*
 * person_word: the folded names from the start of each word (pos 0: the
 * whole name). Tiers 0 and 1 are the names (pos 0) starting with the text,
 * tier 2 the later words (pos > 0) starting with it; one index range each.
 * Without filters, the list by name or number is read there too, sorted
 * by SQLite (covering: no person row is read).
 */
#define WORDS_TOP(cond, order)                                                                     \
    "SELECT person_id FROM person_word WHERE pos = CASE WHEN ?4 = 2 THEN 1 ELSE 0 END "            \
    "AND word >= ?1 AND word < ?2 "                                                                \
    "AND CASE WHEN ?4 = 0 THEN word = ?1 WHEN ?4 = 1 THEN word > ?1 "                              \
    "ELSE NOT (name_fold >= ?1 AND name_fold < ?2) END " cond " ORDER BY " order " LIMIT ?3"
/* [by number][descending][continues after a row] */
static const char *const words_top_sql[2][2][2] = {
    {
        {WORDS_TOP("", "sort_key, person_id"),
         WORDS_TOP("AND (sort_key, person_id) > (?5, ?6)", "sort_key, person_id")},
        {WORDS_TOP("", "sort_key DESC, person_id DESC"),
         WORDS_TOP("AND (sort_key, person_id) < (?5, ?6)", "sort_key DESC, person_id DESC")},
    },
    {
        {WORDS_TOP("", "person_id"), WORDS_TOP("AND person_id > ?6", "person_id")},
        {WORDS_TOP("", "person_id DESC"), WORDS_TOP("AND person_id < ?6", "person_id DESC")},
    },
};
static const char *const probe_words_sql[3] = {
    "SELECT count(*) FROM (SELECT 1 FROM person_word WHERE pos = 0 AND word = ?1 LIMIT ?3)",
    "SELECT count(*) FROM (SELECT 1 FROM person_word WHERE pos = 0 AND word >= ?1 AND word < ?2 "
    "LIMIT ?3)",
    "SELECT count(*) FROM (SELECT 1 FROM person_word WHERE pos = 1 AND word >= ?1 AND word < ?2 "
    "LIMIT ?3)",
};

/* Most candidates of a tier sorted in memory; -1: the default. */
static long long collect_cap = -1;

void person_search_set_collect_cap(long long cap)
{
    collect_cap = cap;
}

/* What a row sorts by. */
struct list_key {
    long long id;
    long long major; /* birth year (LLONG_MIN when unknown) or commune group */
    unsigned char *key;
    size_t key_len;
};

struct list_group {
    long long *communes;
    size_t n;
    char *district, *commune; /* for grouping; district NULL when none */
};

struct list_run {
    struct db *db;
    const struct person_query *q;
    int sort, desc;                                /* desc: walking the sort columns downwards */
    const char *s;                                 /* search text, "" for none */
    char *hi, *hi0, *space_s, *tri_name, *tri_any; /* hi0: ?1 || x'01' */
    const char *rest;                              /* after the first space of the text, or NULL */
    char *rest_hi;
    int digits, nchars;
    char **words; /* the words of s, and whether one of them is digits */
    size_t nwords;
    int any_digits;
    int plain;           /* one word, the whole text: its matches in the name are tiers 0-3 */
    int best;            /* the word whose candidates are fewest (-1: none indexed; -2: not yet) */
    long long best_n;    /* their number, at least, each source counted up to the larger of cap and
                            dense + 1 */
    long long cap;       /* most candidates sorted in memory */
    long long words_cap; /* the same, read from person_word (cheaper) */
    long long dense;     /* more tier 4 candidates than this: walked past, not tested */
    /* groups of the commune order, ascending */
    struct list_group *groups;
    size_t ngroups;
    /* the row to continue after */
    int anchored, anchor_tier;
    struct list_key anchor;
    /* answer */
    long long skip, need; /* need < 0: no limit */
    long long *ids;
    size_t nids, alloc;
};

static void list_key_release(struct list_key *k)
{
    free(k->key);
    k->key = NULL;
}

static int blob_cmp(const unsigned char *a, size_t an, const unsigned char *b, size_t bn)
{
    int c = memcmp(a, b, an < bn ? an : bn);
    if (c)
        return c;
    return an < bn ? -1 : an > bn;
}

/* Order of two rows in the list's sort, ascending. */
static int key_cmp(int sort, const struct list_key *a, const struct list_key *b)
{
    if (sort != PERSON_SORT_ID) {
        if (sort != PERSON_SORT_NAME && a->major != b->major)
            return a->major < b->major ? -1 : 1;
        int c = blob_cmp(a->key, a->key_len, b->key, b->key_len);
        if (c)
            return c;
    }
    return a->id < b->id ? -1 : a->id > b->id;
}

struct key_order {
    int sort, desc;
};

static int key_qsort_cmp(const void *a, const void *b, void *arg)
{
    const struct key_order *o = arg;
    int c = key_cmp(o->sort, a, b);
    return o->desc ? -c : c;
}

static void add_id(struct list_run *r, long long id)
{
    if (r->skip > 0) {
        r->skip--;
        return;
    }
    if (r->need == 0)
        return;
    if (r->nids == r->alloc) {
        r->alloc = r->alloc ? r->alloc * 2 : 64;
        r->ids = xrealloc(r->ids, r->alloc * sizeof(*r->ids));
    }
    r->ids[r->nids++] = id;
    if (r->need > 0)
        r->need--;
}

static int is_full(const struct list_run *r)
{
    return r->need == 0;
}

static char *tri_phrase(const char *prefix, const char *s);
static void search_shape(const char *s, int *nchars, int *digits);
static void bind_word(struct stmt *st, const struct list_run *r, int w);

static void bind_list(struct stmt *st, const struct list_run *r, int tier, long long limit)
{
    const struct person_query *q = r->q;
    stmt_bind_text(st, 1, r->s);
    stmt_bind_text(st, 2, r->hi);
    stmt_bind_text(st, 3, r->space_s);
    stmt_bind_int(st, 4, q->district_id);
    stmt_bind_int(st, 5, q->commune_id);
    stmt_bind_int(st, 6, q->active);
    stmt_bind_int(st, 7, q->status);
    stmt_bind_int(st, 8, q->round_id);
    stmt_bind_int(st, 9, r->digits);
    stmt_bind_int(st, 10, tier);
    stmt_bind_int(st, 11, limit);
    stmt_bind_int(st, 18, r->any_digits);
    for (size_t k = 0; k < WORD_SLOTS; k++) {
        int nchars, digits = 0;
        if (k < r->nwords)
            search_shape(r->words[k], &nchars, &digits);
        stmt_bind_text_or_null(st, 25 + 2 * (int)k, k < r->nwords ? r->words[k] : NULL);
        stmt_bind_int(st, 26 + 2 * (int)k, digits);
    }
    stmt_bind_int(st, 37, r->nwords <= WORD_SLOTS);
    /* a walk of tier 4 tests the candidates only, unless they are dense
     * or the walk is one of many (a group each: their set built for each) */
    int restrict4 = tier == 4 && r->best >= 0 && r->best_n <= r->dense &&
                    (r->sort == PERSON_SORT_NAME || r->sort == PERSON_SORT_ID);
    stmt_bind_int(st, 23, restrict4);
    if (restrict4)
        bind_word(st, r, r->best);
}

static void bind_anchor(struct stmt *st, const struct list_run *r)
{
    static const unsigned char none[1];
    stmt_bind_blob(st, 12, r->anchor.key ? r->anchor.key : none, r->anchor.key_len);
    stmt_bind_int(st, 13, r->anchor.id);
}

/* The limit for a walk: the rows still to skip and to take. */
static long long walk_limit(const struct list_run *r)
{
    return r->need < 0 ? -1 : r->skip + r->need;
}

/* Step a statement that yields ids in order into the answer. */
static int take_ids(struct list_run *r, struct stmt *st, struct error *err)
{
    int rc = 0;
    while (!is_full(r) && (rc = stmt_step(r->db, st, err)) == 1)
        add_id(r, stmt_int(st, 0));
    stmt_done(st);
    return is_full(r) ? 0 : (rc < 0 ? rc : 0);
}

/* Rows of (tier) in group value (or the whole list), walking the index. */
static int walk_one(struct list_run *r, int tier, int anchored, int has_group, long long group,
                    int group_null, struct error *err)
{
    struct stmt *st = db_stmt(r->db, r->db->pg && r->sort == PERSON_SORT_BIRTH
                                         ? walk_birth_pg[r->desc][anchored]
                                         : walk_sql[r->sort][r->desc][anchored]);
    bind_list(st, r, tier, walk_limit(r));
    if (anchored)
        bind_anchor(st, r);
    if (has_group) {
        if (group_null)
            stmt_bind_null(st, 14);
        else
            stmt_bind_int(st, 14, group);
    }
    return take_ids(r, st, err);
}

/* Keys of rows from a statement yielding (id, sort_key, birth_year, commune_id). */
static int read_keys(struct list_run *r, struct stmt *st, struct list_key **keys, size_t *n,
                     size_t *alloc, struct error *err);

static void sort_keys(struct list_run *r, struct list_key *keys, size_t n)
{
    struct key_order o = {r->sort, r->desc};
    if (n > 1)
        qsort_r(keys, n, sizeof(*keys), key_qsort_cmp, &o);
}

/* Take sorted keys into the answer, after the anchor when anchored. */
static void take_keys(struct list_run *r, struct list_key *keys, size_t n, int anchored)
{
    for (size_t i = 0; i < n && !is_full(r); i++) {
        if (anchored) {
            int c = key_cmp(r->sort, &keys[i], &r->anchor);
            if (r->desc ? c >= 0 : c <= 0)
                continue;
        }
        add_id(r, keys[i].id);
    }
}

static void free_keys(struct list_key *keys, size_t n)
{
    for (size_t i = 0; i < n; i++)
        list_key_release(&keys[i]);
    free(keys);
}

/* The commune group of commune id c (its rank in the ascending order), or -1. */
static long long group_of(const struct list_run *r, long long c)
{
    for (size_t g = 0; g < r->ngroups; g++)
        for (size_t i = 0; i < r->groups[g].n; i++)
            if (r->groups[g].communes[i] == c)
                return (long long)g;
    return -1;
}

static int read_keys(struct list_run *r, struct stmt *st, struct list_key **keys, size_t *n,
                     size_t *alloc, struct error *err)
{
    int rc;
    while ((rc = stmt_step(r->db, st, err)) == 1) {
        if (*n == *alloc) {
            *alloc = *alloc ? *alloc * 2 : 64;
            *keys = xrealloc(*keys, *alloc * sizeof(**keys));
        }
        struct list_key *k = &(*keys)[(*n)++];
        k->id = stmt_int(st, 0);
        const void *key = stmt_blob(st, 1, &k->key_len);
        k->key = xmalloc(k->key_len + 1);
        if (k->key_len)
            memcpy(k->key, key, k->key_len);
        if (r->sort == PERSON_SORT_BIRTH)
            k->major = stmt_is_null(st, 2) ? LLONG_MIN : stmt_int(st, 2);
        else if (r->sort == PERSON_SORT_COMMUNE)
            k->major = group_of(r, stmt_int(st, 3));
        else
            k->major = 0;
    }
    stmt_done(st);
    return rc < 0 ? rc : 0;
}

/* Commune groups, ascending by district name then commune name (vi). */
static int group_cmp(const void *a, const void *b)
{
    const struct list_group *x = a, *y = b;
    if (!x->district || !y->district) {
        if (x->district != y->district)
            return x->district ? 1 : -1;
    } else {
        int c = collate_compare(x->district, -1, y->district, -1);
        if (c)
            return c;
    }
    return collate_compare(x->commune, -1, y->commune, -1);
}

static int load_groups(struct list_run *r, struct error *err)
{
    struct stmt *st = db_stmt(
        r->db, "SELECT c.id, c.name, d.name FROM unit c LEFT JOIN unit d ON d.id = c.parent_id "
               "WHERE (?1 = 0 OR c.parent_id = ?1) AND (?2 = 0 OR " UNIT_WITHIN(
                   "c.id", "?2") ") "
                                 "AND EXISTS (SELECT 1 FROM person p WHERE p.commune_id = c.id)");
    struct list_group *v = NULL;
    size_t n = 0, alloc = 0;
    int rc;
    stmt_bind_int(st, 1, r->q->district_id);
    stmt_bind_int(st, 2, r->q->commune_id);
    while ((rc = stmt_step(r->db, st, err)) == 1) {
        if (n == alloc) {
            alloc = alloc ? alloc * 2 : 128;
            v = xrealloc(v, alloc * sizeof(*v));
        }
        struct list_group *g = &v[n++];
        g->communes = xmalloc(sizeof(long long));
        g->communes[0] = stmt_int(st, 0);
        g->n = 1;
        g->commune = stmt_text_dup(st, 1);
        g->district = stmt_text_dup_or_null(st, 2);
    }
    stmt_done(st);
    if (n)
        qsort(v, n, sizeof(*v), group_cmp);
    /* merge neighbours whose two names compare equal: SQLite orders their
     * persons together, by sort key */
    size_t out = 0;
    for (size_t i = 0; i < n; i++) {
        if (out > 0 && group_cmp(&v[out - 1], &v[i]) == 0) {
            struct list_group *g = &v[out - 1];
            g->communes = xrealloc(g->communes, (g->n + 1) * sizeof(long long));
            g->communes[g->n++] = v[i].communes[0];
            free(v[i].communes);
            free(v[i].commune);
            free(v[i].district);
        } else {
            v[out++] = v[i];
        }
    }
    r->groups = v;
    r->ngroups = out;
    return rc < 0 ? rc : 0;
}

/* The rows of one commune group (in the order of the sort key). */
static int walk_commune_group(struct list_run *r, int tier, size_t g, int anchored,
                              struct error *err)
{
    const struct list_group *gr = &r->groups[g];
    if (gr->n == 1)
        return walk_one(r, tier, anchored, 1, gr->communes[0], 0, err);
    struct list_key *keys = NULL;
    size_t n = 0, alloc = 0;
    int rc = 0;
    for (size_t i = 0; i < gr->n && rc == 0; i++) {
        struct stmt *st = db_stmt(r->db, collect_commune_sql);
        bind_list(st, r, tier, -1);
        stmt_bind_int(st, 14, gr->communes[i]);
        rc = read_keys(r, st, &keys, &n, &alloc, err);
    }
    if (rc == 0) {
        sort_keys(r, keys, n);
        take_keys(r, keys, n, anchored);
    }
    free_keys(keys, n);
    return rc;
}

/* The next birth year after y in the walk's direction; 0 when none. */
static int next_year(struct list_run *r, int *is_null, long long *y, struct error *err)
{
    struct stmt *st;
    int rc;
    if (!r->desc) {
        if (*is_null) {
            st = db_stmt(r->db, "SELECT min(birth_year) FROM person");
        } else {
            st = db_stmt(r->db, "SELECT min(birth_year) FROM person WHERE birth_year > ?");
            stmt_bind_int(st, 1, *y);
        }
    } else {
        if (*is_null)
            return 0;          /* unknown years come last */
        if (*y == LLONG_MAX) { /* the first: no year is bound (a server's column holds less) */
            st = db_stmt(r->db, "SELECT max(birth_year) FROM person");
        } else {
            st = db_stmt(r->db, "SELECT max(birth_year) FROM person WHERE birth_year < ?");
            stmt_bind_int(st, 1, *y);
        }
    }
    rc = stmt_step(r->db, st, err);
    int found = rc == 1 && !stmt_is_null(st, 0);
    long long v = found ? stmt_int(st, 0) : 0;
    stmt_done(st);
    if (rc < 0)
        return rc;
    if (found) {
        *is_null = 0;
        *y = v;
        return 1;
    }
    if (r->desc) {
        *is_null = 1; /* after the last known year: the unknown ones */
        return 1;
    }
    return 0;
}

/* Walk the whole list (or what follows the anchor) for one tier. */
static int walk_tier(struct list_run *r, int tier, int anchored, struct error *err)
{
    int rc = 0;
    switch (r->sort) {
    case PERSON_SORT_NAME:
    case PERSON_SORT_ID:
        return walk_one(r, tier, anchored, 0, 0, 0, err);
    case PERSON_SORT_COMMUNE: {
        size_t n = r->ngroups;
        size_t start = 0;
        if (anchored) {
            long long g = r->anchor.major;
            if (g < 0)
                return 0;
            start = r->desc ? n - 1 - (size_t)g : (size_t)g;
        }
        for (size_t i = start; i < n && !is_full(r) && rc == 0; i++) {
            size_t g = r->desc ? n - 1 - i : i;
            rc = walk_commune_group(r, tier, g, anchored && i == start, err);
        }
        return rc;
    }
    case PERSON_SORT_BIRTH: {
        int is_null;
        long long y;
        int more = 1;
        if (anchored) {
            is_null = r->anchor.major == LLONG_MIN;
            y = r->anchor.major;
        } else if (!r->desc) {
            /* unknown years first */
            is_null = 1;
            y = 0;
        } else {
            is_null = 0;
            y = LLONG_MAX;
            more = next_year(r, &is_null, &y, err);
            if (more < 0)
                return more;
        }
        int first = 1;
        while (more > 0 && !is_full(r)) {
            rc = walk_one(r, tier, anchored && first, 1, y, is_null, err);
            if (rc)
                return rc;
            first = 0;
            more = next_year(r, &is_null, &y, err);
        }
        return more < 0 ? more : 0;
    }
    default:
        return 0;
    }
}

/*
 * Tiers 0-2 straight from person_word (no filter; by name or number): the
 * first rows in order, sorted by SQLite keeping only as many as needed. A
 * name with two words starting with the text is there twice, side by side:
 * when that leaves the page short, read again with more room.
 */
static int words_top(struct list_run *r, int tier, int anchored, struct error *err)
{
    int by_id = r->sort == PERSON_SORT_ID;
    long long want = r->need < 0 ? -1 : r->skip + r->need;
    long long room = want < 0 ? -1 : want + 8;
    for (;;) {
        struct stmt *st = db_stmt(r->db, words_top_sql[by_id][r->desc][anchored]);
        long long *v = NULL, last = 0;
        size_t n = 0, alloc = 0, rows = 0;
        int rc;
        stmt_bind_text(st, 1, r->s);
        stmt_bind_text(st, 2, tier == 0 ? r->hi0 : r->hi);
        stmt_bind_int(st, 3, room);
        stmt_bind_int(st, 4, tier);
        if (anchored) {
            static const unsigned char none[1];
            stmt_bind_blob(st, 5, r->anchor.key ? r->anchor.key : none, r->anchor.key_len);
            stmt_bind_int(st, 6, r->anchor.id);
        }
        while ((rc = stmt_step(r->db, st, err)) == 1) {
            long long id = stmt_int(st, 0);
            rows++;
            if (n > 0 && id == last)
                continue;
            last = id;
            if (n == alloc) {
                alloc = alloc ? alloc * 2 : 64;
                v = xrealloc(v, alloc * sizeof(*v));
            }
            v[n++] = id;
        }
        stmt_done(st);
        if (rc == 0 && want >= 0 && (long long)n < want && (long long)rows == room) {
            free(v);
            room *= 2; /* duplicates took the room: read more */
            continue;
        }
        for (size_t i = 0; rc == 0 && i < n && !is_full(r); i++)
            add_id(r, v[i]);
        free(v);
        return rc < 0 ? rc : 0;
    }
}

/* Sort candidate keys, drop repeated persons, answer. Frees the keys. */
static void answer_keys(struct list_run *r, struct list_key *keys, size_t nk, int anchored)
{
    sort_keys(r, keys, nk);
    /* a name with two words starting with the text is there twice */
    size_t out = 0;
    for (size_t i = 0; i < nk; i++) {
        if (out > 0 && keys[out - 1].id == keys[i].id) {
            list_key_release(&keys[i]);
            continue;
        }
        keys[out++] = keys[i];
    }
    take_keys(r, keys, out, anchored);
    free_keys(keys, out);
}

/* Tier 3 of a text with a space, from the later words starting with what
 * follows its first space (r->rest). */
static int collect_rest(struct list_run *r, int anchored, struct error *err)
{
    struct stmt *st = db_stmt(r->db, collect_rest_sql);
    struct list_key *keys = NULL;
    size_t nk = 0, alloc = 0;
    bind_list(st, r, 3, -1);
    stmt_bind_text(st, 16, r->rest);
    stmt_bind_text(st, 17, r->rest_hi);
    int rc = read_keys(r, st, &keys, &nk, &alloc, err);
    if (rc == 0)
        answer_keys(r, keys, nk, anchored);
    else
        free_keys(keys, nk);
    return rc < 0 ? rc : 1;
}

/*
 * How many candidates are sorted rather than walked past. Walking stops
 * after the page's rows, which is quick when the matches are spread over
 * the order; names that start with the text are (the family name comes
 * last in the sort key), and everything is in order of number. Later words
 * are mostly given names, which the sort key starts with: their matches
 * lie together, maybe at the far end of the walk, so more of them are
 * sorted (from person_word, ~0.3 us each).
 */
static long long limit_of(const struct list_run *r, int tier, int covering)
{
    if (!covering)
        return r->cap;
    if (tier == 2 && r->sort == PERSON_SORT_NAME)
        return r->words_cap;
    return r->cap;
}

/* Bind word w of the text as WORD_CANDS reads it (?19-?22, and ?24 the
 * year a word of 4 digits is, else 0). */
static void bind_word(struct stmt *st, const struct list_run *r, int w)
{
    int nchars, digits;
    search_shape(r->words[w], &nchars, &digits);
    char *tri = tri_phrase(digits ? "" : "{name_fold}: ", r->words[w]);
    stmt_bind_text(st, 19, r->words[w]);
    stmt_bind_text(st, 20, tri);
    stmt_bind_int(st, 21, !r->plain);
    stmt_bind_int(st, 22, digits);
    stmt_bind_int(st, 24, digits && strlen(r->words[w]) == 4 ? atoll(r->words[w]) : 0);
    free(tri);
    if (!r->db->pg)
        return;
    /* the server's statements: the word as a LIKE pattern (?38) and the
     * end of its range of words (?39) */
    struct strbuf like = STRBUF_INIT;
    strbuf_addch(&like, '%');
    for (const char *c = r->words[w]; *c; c++) {
        if (*c == '%' || *c == '_' || *c == '\\')
            strbuf_addch(&like, '\\');
        strbuf_addch(&like, *c);
    }
    strbuf_addch(&like, '%');
    stmt_bind_text(st, 38, like.buf);
    strbuf_release(&like);
    char *hi = xasprintf("%s\xff", r->words[w]);
    stmt_bind_text(st, 39, hi);
    free(hi);
}

/*
 * The word of the text whose candidates (WORD_CANDS) are fewest, counted
 * up to the cap: r->best (-1 when no word's can be named by an index: of
 * several words, one of 1-2 characters has no trigram) and r->best_n.
 * Of a single word, the names are tiers 0-3: its candidates are always
 * named. Found once per list.
 */
static int find_best_word(struct list_run *r, struct error *err)
{
    if (r->best != -2)
        return 0;
    r->best = -1;
    for (size_t w = 0; w < r->nwords; w++) {
        int nchars, digits;
        search_shape(r->words[w], &nchars, &digits);
        if (!r->plain && nchars < 3)
            continue;
        struct stmt *st = db_stmt(r->db, PROBE_CANDS_SQL(r->db));
        bind_word(st, r, (int)w);
        /* counted up to the fewest so far: a word with as many cannot win
         * (each source capped alike: a sum under it is exact) */
        long long limit = (r->cap > r->dense ? r->cap : r->dense) + 1;
        stmt_bind_int(st, 11, r->best >= 0 && r->best_n < limit ? r->best_n : limit);
        int rc = stmt_step(r->db, st, err);
        long long n = rc == 1 ? stmt_int(st, 0) : 0;
        stmt_done(st);
        if (rc < 0)
            return rc;
        if (r->best < 0 || n < r->best_n) {
            r->best = (int)w;
            r->best_n = n;
        }
    }
    return 0;
}

/* Tier 4 from the candidates of the best word, when they are few (1);
 * 0: walk instead. The rows of several words are often sparse in the
 * list's order: a walk would pass most of the list, where reading 10,000
 * candidates costs ~10 ms. */
static int collect_words_tier(struct list_run *r, int anchored, struct error *err)
{
    int rc = find_best_word(r, err);
    if (rc < 0)
        return rc;
    if (r->best < 0 || r->best_n > (r->plain ? r->cap : r->dense))
        return 0;
    struct stmt *st = db_stmt(r->db, COLLECT_CANDS_SQL(r->db));
    struct list_key *keys = NULL;
    size_t nk = 0, alloc = 0;
    bind_list(st, r, 4, -1);
    bind_word(st, r, r->best);
    stmt_bind_int(st, 23, 0); /* the candidates, named once */
    rc = read_keys(r, st, &keys, &nk, &alloc, err);
    if (rc == 0)
        answer_keys(r, keys, nk, anchored);
    else
        free_keys(keys, nk);
    return rc < 0 ? rc : 1;
}

/*
 * A tier's candidates, when an index names few enough of them: read,
 * sorted in memory and answered (1); 0 when there are too many (or no
 * index names them): walk instead. Negative on error.
 */
static int collect_tier(struct list_run *r, int tier, int anchored, struct error *err)
{
    const struct person_query *q = r->q;
    const char *tri = NULL;
    struct stmt *st = NULL;
    long long n = 0;
    int rc, covering = 0;

    if (tier == 4)
        return collect_words_tier(r, anchored, err);
    if (tier <= 2) {
        covering = !q->district_id && !q->commune_id && q->active < 0 && !q->status &&
                   (r->sort == PERSON_SORT_NAME || r->sort == PERSON_SORT_ID);
        st = db_stmt(r->db, probe_words_sql[tier]);
        stmt_bind_text(st, 1, r->s);
        stmt_bind_text(st, 2, r->hi);
        stmt_bind_int(st, 3, limit_of(r, tier, covering) + 1);
    } else if (r->rest) {
        /* a text with a space matched inside a word: what follows its
         * first space starts a later word (often far fewer names than the
         * trigrams of the whole text name) */
        st = db_stmt(r->db, probe_words_sql[2]);
        stmt_bind_text(st, 1, r->rest);
        stmt_bind_text(st, 2, r->rest_hi);
        stmt_bind_int(st, 3, r->cap + 1);
        rc = stmt_step(r->db, st, err);
        n = rc == 1 ? stmt_int(st, 0) : 0;
        stmt_done(st);
        if (rc < 0)
            return rc;
        if (n <= r->cap)
            return collect_rest(r, anchored, err);
    }
    if (tier == 3) {
        if (r->nchars < 3)
            return 0; /* a trigram index knows no shorter text */
        tri = r->digits ? r->tri_any : r->tri_name;
        st = db_stmt(r->db, probe_tri_sql);
        stmt_bind_text(st, 1, tri);
        stmt_bind_int(st, 2, r->cap + 1);
    }
    rc = stmt_step(r->db, st, err);
    n = rc == 1 ? stmt_int(st, 0) : 0;
    stmt_done(st);
    if (rc < 0)
        return rc;
    if (n > limit_of(r, tier, covering))
        return 0;

    if (covering) {
        rc = words_top(r, tier, anchored, err);
        return rc < 0 ? rc : 1;
    }
    struct list_key *keys = NULL;
    size_t nk = 0, alloc = 0;
    st = db_stmt(r->db, tri ? collect_tri_sql : collect_words_sql[tier]);
    bind_list(st, r, tier, -1);
    if (tri)
        stmt_bind_text(st, 15, tri);
    rc = read_keys(r, st, &keys, &nk, &alloc, err);
    if (rc == 0)
        answer_keys(r, keys, nk, anchored);
    else
        free_keys(keys, nk);
    return rc < 0 ? rc : 1;
}

/* Read the row to continue after; when it is gone the list starts from the top. */
static int load_anchor(struct list_run *r, long long id, struct error *err)
{
    /* its tier as the list statements compute it */
    struct stmt *st =
        db_stmt(r->db, "SELECT p.id, p.sort_key, p.birth_year, p.commune_id, " TIER_CASE
                       " FROM person p WHERE p.id = ?13");
    struct list_key *keys = NULL;
    size_t n = 0, alloc = 0;
    int rc;

    /* the tier first: read_keys below steps the statement to its end */
    bind_list(st, r, -1, -1);
    stmt_bind_int(st, 13, id);
    rc = stmt_step(r->db, st, err);
    if (rc == 1 && *r->s)
        r->anchor_tier = (int)stmt_int(st, 4);
    stmt_done(st);
    if (rc <= 0)
        return rc;
    bind_list(st, r, -1, -1);
    stmt_bind_int(st, 13, id);
    rc = read_keys(r, st, &keys, &n, &alloc, err);
    if (rc == 0 && n == 1) {
        r->anchor = keys[0];
        r->anchored = 1;
        free(keys);
        return 0;
    }
    free_keys(keys, n);
    return rc;
}

static char *tri_phrase(const char *prefix, const char *s)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_addstr(&sb, prefix);
    strbuf_addch(&sb, '"');
    for (const char *p = s; *p; p++) {
        if (*p == '"')
            strbuf_addch(&sb, '"');
        strbuf_addch(&sb, *p);
    }
    strbuf_addch(&sb, '"');
    return strbuf_detach(&sb, NULL);
}

/* Characters of s, and whether it is all digits (a citizen ID or phone search). */
static void search_shape(const char *s, int *nchars, int *digits)
{
    *nchars = 0;
    *digits = *s != '\0';
    for (; *s; s++) {
        if (*s < '0' || *s > '9')
            *digits = 0;
        if (((unsigned char)*s & 0xC0) != 0x80)
            (*nchars)++;
    }
}

static int list_filtered(const struct person_query *q)
{
    return q->district_id || q->commune_id || q->active >= 0 || q->status;
}

static void list_init(struct list_run *r, struct db *db, const struct person_query *q)
{
    memset(r, 0, sizeof(*r));
    r->db = db;
    r->q = q;
    r->sort = q->sort >= 0 && q->sort <= 3 ? (int)q->sort : 0;
    r->desc = (q->descending != 0) != (q->reverse != 0);
    r->s = q->search ? q->search : "";
    r->hi = xasprintf("%s\xff", r->s);
    r->hi0 = xasprintf("%s\x01", r->s);
    r->rest = strchr(r->s, ' ') ? strchr(r->s, ' ') + 1 : NULL;
    r->rest_hi = r->rest ? xasprintf("%s\xff", r->rest) : NULL;
    r->space_s = xasprintf(" %s", r->s);
    r->tri_name = tri_phrase("{name_fold}: ", r->s);
    r->tri_any = tri_phrase("", r->s);
    search_shape(r->s, &r->nchars, &r->digits);
    for (const char *p = r->s; *p;) {
        size_t len = strcspn(p, " ");
        if (len) {
            int nchars, digits;
            r->words = xrealloc(r->words, (r->nwords + 1) * sizeof(*r->words));
            r->words[r->nwords] = xstrndup(p, len);
            search_shape(r->words[r->nwords++], &nchars, &digits);
            r->any_digits |= digits;
        }
        p += len;
        while (*p == ' ')
            p++;
    }
    r->plain = r->nwords == 1 && strcmp(r->words[0], r->s) == 0;
    r->best = -2;
    /* sorting a candidate costs a row read (~1-3 us), from person_word an
     * index entry (~0.3 us): at most ~4 ms either way at 100,000 persons;
     * see limit_of() */
    r->cap = collect_cap >= 0 ? collect_cap : 2000;
    r->words_cap = collect_cap >= 0 ? collect_cap : 10000;
    /* building the set of 10,000 candidates costs ~3 ms; when they are
     * more, a walk finds a page of them sooner by testing each row */
    r->dense = collect_cap >= 0 ? collect_cap : 10000;
    r->skip = q->offset > 0 ? q->offset : 0;
    r->need = q->limit > 0 ? q->limit : -1;
}

static void list_release(struct list_run *r)
{
    free(r->hi);
    free(r->hi0);
    free(r->rest_hi);
    free(r->space_s);
    free(r->tri_name);
    free(r->tri_any);
    for (size_t i = 0; i < r->nwords; i++)
        free(r->words[i]);
    free(r->words);
    for (size_t g = 0; g < r->ngroups; g++) {
        free(r->groups[g].communes);
        free(r->groups[g].commune);
        free(r->groups[g].district);
    }
    free(r->groups);
    list_key_release(&r->anchor);
    free(r->ids);
}

/* The ids of the page, in order. */
static int list_ids(struct list_run *r, struct error *err)
{
    int rc = 0;
    if (r->sort == PERSON_SORT_COMMUNE && (rc = load_groups(r, err)) != 0)
        return rc;
    if (r->q->after_id && (rc = load_anchor(r, r->q->after_id, err)) != 0)
        return rc;
    if (!*r->s)
        return walk_tier(r, -1, r->anchored, err);
    int reverse = r->q->reverse != 0;
    for (int i = 0; i <= LAST_TIER && !is_full(r); i++) {
        int tier = reverse ? LAST_TIER - i : i;
        int anchored = 0;
        if (r->anchored) {
            if (r->anchor_tier > LAST_TIER)
                break; /* the row no longer matches: nothing follows it */
            if (reverse ? tier > r->anchor_tier : tier < r->anchor_tier)
                continue;
            anchored = tier == r->anchor_tier;
        }
        rc = collect_tier(r, tier, anchored, err);
        if (rc < 0)
            return rc;
        if (rc == 0 && (rc = walk_tier(r, tier, anchored, err)) != 0)
            return rc;
        rc = 0;
    }
    return rc;
}

/* Every row without search, in one statement: a whole list (export, `person
 * list`) is read faster sorted once than row by row. [sort][descending] */
/* (?11, the limit elsewhere, is the offset here) */
#define ALL(order) "WHERE " LIST_TIER LIST_FILTERS "ORDER BY " order " LIMIT -1 OFFSET ?11"
static const char *const all_sql[4][2] = {
    [PERSON_SORT_NAME] = {ALL(KEY_ASC), ALL(KEY_DESC)},
    [PERSON_SORT_ID] = {ALL("p.id"), ALL("p.id DESC")},
    [PERSON_SORT_COMMUNE] = {ALL("d.name COLLATE vi, c.name COLLATE vi, " KEY_ASC),
                             ALL("d.name COLLATE vi DESC, c.name COLLATE vi DESC, " KEY_DESC)},
    [PERSON_SORT_BIRTH] = {ALL("p.birth_year, " KEY_ASC), ALL("p.birth_year DESC, " KEY_DESC)},
};

static int each_all(struct list_run *r, person_fn fn, void *arg, struct error *err)
{
    struct stmt *st = db_stmt(r->db, PERSON_SELECT(all_sql[r->sort][r->desc]));
    int rc, stop = 0;
    bind_list(st, r, -1, r->skip);
    while ((rc = stmt_step(r->db, st, err)) == 1) {
        struct person p;
        person_store_from_row(st, &p);
        stop = fn(&p, arg);
        person_release(&p);
        if (stop)
            break;
    }
    stmt_done(st);
    return rc < 0 ? rc : stop;
}

/*
 * On a server, the rows of the ids are read BY_IDS at a time: one round
 * trip and one plan of PERSON_SELECT for them, where a statement per row
 * cost a round trip and the server's planning of PERSON_SELECT each
 * (about 1 ms: a search's page of 50 rows took 50 ms on a loaded
 * machine). They come in the ids' order; a row deleted in between is left
 * out. SQLite reads each row by id at no such cost (person_search_each).
 */
#define BY_IDS 64 /* a page of the search box (50) at once */
#define IDS_8 "?, ?, ?, ?, ?, ?, ?, ?"
#define IDS_32 IDS_8 ", " IDS_8 ", " IDS_8 ", " IDS_8
static const char by_ids_sql[] = "WHERE p.id IN (" IDS_32 ", " IDS_32 ")";

static int each_by_ids(struct list_run *r, person_fn fn, void *arg, struct error *err)
{
    struct person got[BY_IDS];
    int rc = 0, stop = 0;

    for (size_t from = 0; rc == 0 && !stop && from < r->nids; from += BY_IDS) {
        size_t n = r->nids - from < BY_IDS ? r->nids - from : BY_IDS, k = 0;
        struct stmt *st = db_stmt(r->db, PERSON_SELECT(by_ids_sql));
        for (size_t i = 0; i < BY_IDS; i++)
            stmt_bind_int(st, (int)i + 1, i < n ? r->ids[from + i] : 0);
        while (k < BY_IDS && (rc = stmt_step(r->db, st, err)) == 1)
            person_store_from_row(st, &got[k++]);
        stmt_done(st);
        if (rc > 0)
            rc = 0;
        for (size_t i = 0; rc == 0 && !stop && i < n; i++)
            for (size_t j = 0; j < k; j++)
                if (got[j].id == r->ids[from + i]) {
                    stop = fn(&got[j], arg);
                    break;
                }
        for (size_t j = 0; j < k; j++)
            person_release(&got[j]);
    }
    return rc < 0 ? rc : stop;
}

/*
 * On a server, a list's statements are planned for their values at every
 * execution (pg_plan_for_values), up to the rows of the ids (whose
 * statement is the same whatever the list): their parts are switched on
 * and off by the values ("?10 < 0 OR", a trigram pattern made from ?20),
 * which only a plan made for them can drop or serve from an index. Left to itself the
 * server keeps a generic plan after five executions, and a search's tier
 * then read every person (42 ms instead of 2 ms at 10,000 persons).
 */
int person_search_each(struct db *db, const struct person_query *q, person_fn fn, void *arg,
                       struct error *err)
{
    struct list_run r;
    int rc, stop = 0;

    list_init(&r, db, q);
    if (db->pg)
        pg_plan_for_values(db, 1);
    if (!*r.s && r.need < 0 && !q->after_id) {
        rc = each_all(&r, fn, arg, err);
        if (db->pg)
            pg_plan_for_values(db, 0);
        list_release(&r);
        return rc;
    }
    rc = list_ids(&r, err);
    /* the rows of the ids: one plan serves every page */
    if (db->pg)
        pg_plan_for_values(db, 0);
    if (rc == 0 && db->pg) {
        rc = each_by_ids(&r, fn, arg, err);
        list_release(&r);
        return rc;
    }
    for (size_t i = 0; rc == 0 && !stop && i < r.nids; i++) {
        struct stmt *st = db_stmt(db, PERSON_SELECT("WHERE p.id = ?"));
        stmt_bind_int(st, 1, r.ids[i]);
        rc = stmt_step(db, st, err);
        if (rc == 1) {
            struct person p;
            person_store_from_row(st, &p);
            stmt_done(st);
            stop = fn(&p, arg);
            person_release(&p);
            rc = 0;
        } else {
            stmt_done(st);
        }
    }
    list_release(&r);
    if (rc < 0)
        return rc;
    return stop;
}

/* The person whose citizen ID is the whole text, when the trigram query
 * does not name them already: 0 or 1 (a UNION with the trigram matches
 * would sort every one of them, thousands for "van") */
#define WHOLE_ID_COUNT(filters)                                                                    \
    "(SELECT count(*) FROM person p WHERE ?9 AND p.id_number = ?1 AND p.id NOT IN "                \
    "(SELECT rowid FROM person_tri WHERE person_tri MATCH ?15) " filters ")"
#define LIST_MATCH                                                                                 \
    "(?1 = '' OR instr(p.name_fold, ?1) > 0 OR (?9 AND (p.id_number = ?1 OR "                      \
    "instr(p.phone, ?1) > 0))) "

/*
 * The rows of tier 4: of one word, its candidates not in tiers 0-3 (whose
 * test is the name, phone or citizen ID); of several, the candidates of
 * the best word tested, or every row when no word's candidates are named.
 */
static int count_words_tier(struct list_run *r, long long *n, struct error *err)
{
    struct stmt *st;
    int rc = 0;
    if (r->plain)
        r->best = 0; /* the only word: its candidates are always named */
    else if ((rc = find_best_word(r, err)) < 0)
        return rc;
#define COUNT_CANDS(test)                                                                          \
    DIALECT(r->db, "SELECT count(*) FROM person p WHERE p.id IN (" WORD_CANDS ") AND " test,       \
            "SELECT count(*) FROM person p WHERE " WORD_SOURCES_PG " AND " test)
    if (r->plain)
        st = db_stmt(r->db, COUNT_CANDS(NAME_MATCH " IS NOT TRUE " LIST_FILTERS));
    else if (r->best >= 0)
        st = db_stmt(r->db, COUNT_CANDS(TIER_CASE " = 4 " LIST_FILTERS));
    else
        st = db_stmt(r->db, "SELECT count(*) FROM person p WHERE " TIER_CASE " = 4 " LIST_FILTERS);
    bind_list(st, r, -1, -1);
    if (r->best >= 0)
        bind_word(st, r, r->best);
    rc = stmt_step(r->db, st, err);
    *n = rc == 1 ? stmt_int(st, 0) : 0;
    stmt_done(st);
    return rc < 0 ? rc : 0;
}

static int search_count(struct db *db, const struct person_query *q, long long *n,
                        struct error *err)
{
    struct list_run r;
    struct stmt *st;
    int filtered = list_filtered(q);

    list_init(&r, db, q);
    if (!*r.s && !filtered)
        st = db_stmt(db, "SELECT count(*) FROM person");
    else if (*r.s && r.nchars >= 3 && !filtered)
        st = db_stmt(
            db,
            "SELECT (SELECT count(*) FROM person_tri WHERE person_tri MATCH ?15) + " WHOLE_ID_COUNT(
                ""));
    else if (person_search_names_answer(q))
        /* the names alone (what person_search_names_count answers from memory):
         * the smallest index holding them */
        st = db_stmt(db, "SELECT count(*) FROM person INDEXED BY person_same "
                         "WHERE instr(name_fold, ?1) > 0");
    else if (*r.s && r.nchars >= 3)
        st = db_stmt(db, "SELECT (SELECT count(*) FROM person p WHERE p.id IN (SELECT rowid "
                         "FROM person_tri WHERE person_tri MATCH ?15) " LIST_FILTERS
                         ") + " WHOLE_ID_COUNT(LIST_FILTERS));
    else
        st = db_stmt(db, "SELECT count(*) FROM person p WHERE " LIST_MATCH LIST_FILTERS);
    bind_list(st, &r, -1, -1);
    stmt_bind_text(st, 15, r.digits ? r.tri_any : r.tri_name);
    int rc = stmt_step(db, st, err);
    *n = rc == 1 ? stmt_int(st, 0) : 0;
    stmt_done(st);
    if (rc >= 0 && *r.s) {
        long long n4 = 0;
        rc = count_words_tier(&r, &n4, err);
        *n += n4;
    }
    list_release(&r);
    return rc < 0 ? rc : 0;
}

int person_search_count(struct db *db, const struct person_query *q, long long *n,
                        struct error *err)
{
    if (db->pg)
        pg_plan_for_values(db, 1);
    int rc = search_count(db, q, n, err);
    if (db->pg)
        pg_plan_for_values(db, 0);
    return rc;
}

int person_search_names_load(struct db *db, struct person_names *names, struct error *err)
{
    /* the name, village and commune of everyone */
    struct stmt *st = db_stmt(db, "SELECT p.name_fold, v.name_fold, c.name_fold FROM person p "
                                  "LEFT JOIN unit v ON v.id = p.village_id "
                                  "LEFT JOIN unit c ON c.id = p.commune_id");
    struct strbuf b = STRBUF_INIT;
    int rc;

    while ((rc = stmt_step(db, st, err)) == 1) {
        if (stmt_is_null(st, 0))
            continue;
        /* one line a person, the three names apart by a tab: a line break
         * or tab inside one (never written by capphat) becomes a NUL byte,
         * which no search text holds */
        for (int c = 0; c < 3; c++) {
            if (c)
                strbuf_addch(&b, '\t');
            size_t at = b.len;
            if (!stmt_is_null(st, c))
                strbuf_addstr(&b, stmt_text(st, c));
            for (char *q = b.buf + at; q < b.buf + b.len; q++)
                if (*q == '\n' || *q == '\t')
                    *q = '\0';
        }
        strbuf_addch(&b, '\n');
    }
    stmt_done(st);
    if (rc < 0) {
        strbuf_release(&b);
        return rc;
    }
    person_search_names_release(names);
    names->len = b.len;
    names->buf = strbuf_detach(&b, NULL);
    return 0;
}

int person_search_names_answer(const struct person_query *q)
{
    if (!q->search || !*q->search || list_filtered(q))
        return 0;
    /* a word of digits is found in phones, IMEIs and citizen IDs too;
     * the block's count takes 16 words */
    int words = 0;
    for (const char *p = q->search; *p;) {
        size_t len = strcspn(p, " ");
        if (len && (strspn(p, "0123456789") >= len || ++words > 16))
            return 0;
        p += len;
        p += strspn(p, " ");
    }
    return 1;
}

/* Whether the line [from, to) holds the n bytes of w. */
static int line_holds(const char *from, const char *to, const char *w, size_t n)
{
    return memmem(from, (size_t)(to - from), w, n) != NULL;
}

long long person_search_names_count(const struct person_names *names, const char *fold)
{
    const char *words[16];
    size_t lens[16], nw = 0, lead = 0;
    long long n = 0;

    if (!names->buf || strchr(fold, '\n') || strchr(fold, '\t'))
        return 0;
    for (const char *p = fold; *p && nw < 16;) {
        size_t len = strcspn(p, " ");
        if (len) {
            words[nw] = p;
            lens[nw] = len;
            if (len > lens[lead])
                lead = nw;
            nw++;
        }
        p += len;
        p += strspn(p, " ");
    }
    const char *p = names->buf, *end = names->buf + names->len;
    if (nw == 0) {
        /* no word: every person (as find_words, and instr(x, '') is 1) */
        for (; p < end; p++)
            n += *p == '\n';
        return n;
    }
    /* the longest word found first, the others in its line */
    while (p < end) {
        /* UTF-8: a match of a whole word always starts on a character */
        const char *hit = memmem(p, (size_t)(end - p), words[lead], lens[lead]);
        if (!hit)
            break;
        const char *bol = hit;
        while (bol > p && bol[-1] != '\n')
            bol--;
        const char *eol = memchr(hit, '\n', (size_t)(end - hit));
        if (!eol)
            eol = end;
        int all = 1;
        for (size_t i = 0; i < nw && all; i++)
            all = i == lead || line_holds(bol, eol, words[i], lens[i]);
        n += all;
        p = eol < end ? eol + 1 : end;
    }
    return n;
}

void person_search_names_release(struct person_names *names)
{
    free(names->buf);
    names->buf = NULL;
    names->len = 0;
}
