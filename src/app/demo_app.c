/*
 * demo_app: fills a database with a realistic synthetic round — persons in
 * the real communes of Bắc Kạn with Tày, Dao, Kinh, Nùng and Mông names in
 * the province's proportions, phones with valid IMEIs, handovers, a few
 * returns, signed receipts and training sessions. Everything goes through
 * the same use cases as an operator's work, so the audit chain is real.
 * The same seed gives the same data.
 */
#include "app/demo_app.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/device_app.h"
#include "app/handover_app.h"
#include "app/person_app.h"
#include "app/training_app.h"
#include "core/date.h"
#include "core/i18n.h"
#include "core/imei.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include "store/db.h"
#include "store/device_store.h"
#include "store/person_store.h"
#include "store/training_store.h"
#include "store/overview_store.h"
#include "store/unit_store.h"

struct rng {
    unsigned long long s;
};

static unsigned long long rng_next(struct rng *r)
{
    /* splitmix64 */
    unsigned long long z = (r->s += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static int rng_int(struct rng *r, int n)
{
    return n > 0 ? (int)(rng_next(r) % (unsigned long long)n) : 0;
}

#define PICK(r, arr) (arr)[rng_int((r), (int)(sizeof(arr) / sizeof(*(arr))))]

struct ethnic_names {
    const char *ethnic;
    int per_mille; /* Bắc Kạn, 2019 census */
    const char *const *family;
    int n_family;
    const char *const *male_middle, *const *female_middle;
    int n_mm, n_fm;
};

static const char *const tay_family[] = {"Hoàng", "Nông",  "Hà",   "Lương", "Ma",     "Mã",   "Đàm",
                                         "Lường", "Bế",    "Lục",  "Hứa",   "Sầm",    "Vi",   "Lâm",
                                         "Đinh",  "Dương", "Đoàn", "La",    "Nguyễn", "Triệu"};
static const char *const dao_family[] = {"Triệu", "Bàn", "Đặng",  "Lý",
                                         "Phùng", "Chu", "Dương", "Hoàng"};
static const char *const kinh_family[] = {"Nguyễn", "Trần", "Lê",  "Phạm", "Vũ",
                                          "Đỗ",     "Bùi",  "Ngô", "Đặng", "Phan"};
static const char *const nung_family[] = {"Hoàng", "Nông", "Lăng", "Chu",
                                          "Mông",  "Lộc",  "Hứa",  "Vy"};
static const char *const mong_family[] = {"Giàng", "Sùng", "Vàng", "Lý",
                                          "Hầu",   "Thào", "Mùa",  "Chảo"};
static const char *const common_male_middle[] = {"Văn", "Đức",  "Ngọc", "Xuân",  "Quang",
                                                 "Hữu", "Minh", "Tiến", "Trung", "Văn"};
static const char *const common_female_middle[] = {"Thị", "Thị", "Thị", "Ngọc",
                                                   "Thu", "Kim", "Hồng"};
static const char *const mong_male_middle[] = {"A", "Seo", "Văn", "Mí"};
static const char *const mong_female_middle[] = {"Thị", "Thị Mỷ", "Thị Dính"};
static const char *const male_given[] = {
    "Tạ",    "Vinh", "Dũng",  "Hùng", "Cường", "Thắng", "Bình", "Sơn",  "Toàn",  "Khoa",
    "Páo",   "Sinh", "Chản",  "Lìn",  "Phin",  "Mạnh",  "Hải",  "Lợi",  "Tiến",  "Quý",
    "Thịnh", "Đông", "Thuận", "Đạt",  "Hưng",  "Phúc",  "Kiên", "Tuấn", "Nghĩa", "Chung"};
static const char *const female_given[] = {"Hoa",  "Lan",   "Ánh",   "Hương", "Thu",
                                           "Mai",  "Nhung", "Chằm",  "Dín",   "Hạnh",
                                           "Thúy", "Liên",  "Duyên", "Nga",   "Tươi"};

static const struct ethnic_names ethnic_table[] = {
#define N(a) (a), (int)(sizeof(a) / sizeof(*(a)))
    {"Tày", 526, N(tay_family), common_male_middle, common_female_middle, 10, 7},
    {"Dao", 179, N(dao_family), common_male_middle, common_female_middle, 10, 7},
    {"Kinh", 120, N(kinh_family), common_male_middle, common_female_middle, 10, 7},
    {"Nùng", 92, N(nung_family), common_male_middle, common_female_middle, 10, 7},
    {"Mông", 72, N(mong_family), mong_male_middle, mong_female_middle, 4, 3},
    {"Sán Chay", 5, N(tay_family), common_male_middle, common_female_middle, 10, 7},
    {"Hoa", 3, N(kinh_family), common_male_middle, common_female_middle, 10, 7},
#undef N
};

static const char *const village_prefix[] = {"Nà", "Khuổi", "Pác",  "Bản", "Cốc",  "Phiêng",
                                             "Bó", "Khau",  "Lủng", "Nặm", "Thôm", "Pò"};
static const char *const village_suffix[] = {"Làng", "Sliến", "Ngòi",  "Coóng", "Mò",   "Luông",
                                             "Viền", "Chì",   "Lù",    "Dất",   "Phặc", "Mu",
                                             "Pục",  "Đông",  "Quang", "Hin",   "Vài",  "Slải"};
static const char *const roles[] = {"Trưởng thôn",     "Già làng",      "Trưởng dòng họ",
                                    "Người có uy tín", "Bí thư chi bộ", "Chức sắc tôn giáo"};
static const struct {
    const char *model;
    const char *tac;
    const char *tac2;
} models[] = {
    {"Samsung Galaxy A05", "35693211", "35693212"},
    {"Xiaomi Redmi 13C", "86412305", "86412306"},
    {"OPPO A18", "86753104", "86753105"},
    {"Vivo Y17s", "86291708", "86291709"},
};

struct place {
    char *district;
    char *commune;
    long long commune_id;
};

/* The communes persons live in: the three districts of the 2023 round for a
 * round-sized set, the whole province beyond that. */
static int gather_places(struct app *app, long long persons, struct place **out, size_t *n,
                         struct error *err)
{
    static const char *const round_districts[] = {"Pác Nặm", "Ba Bể", "Chợ Mới"};
    struct unit_list districts = {0};
    size_t alloc = 0;
    int rc = unit_store_list(app->db, "district", 0, &districts, err);

    *out = NULL;
    *n = 0;
    if (rc)
        return rc;
    for (size_t i = 0; i < districts.n; i++) {
        int wanted = persons > 1000;
        for (size_t k = 0; k < 3; k++)
            if (strcmp(districts.items[i].name, round_districts[k]) == 0)
                wanted = 1;
        if (!wanted)
            continue;
        struct unit_list communes = {0};
        if ((rc = unit_store_list(app->db, "commune", districts.items[i].id, &communes, err)))
            break;
        for (size_t j = 0; j < communes.n; j++) {
            /* Ba Bể had 152 of the 375: weight it twice */
            int weight = strcmp(districts.items[i].name, "Ba Bể") == 0 ? 2 : 1;
            for (int w = 0; w < weight; w++) {
                if (*n == alloc) {
                    alloc = alloc ? alloc * 2 : 64;
                    *out = xrealloc(*out, alloc * sizeof(**out));
                }
                (*out)[*n].district = xstrdup(districts.items[i].name);
                (*out)[*n].commune = xstrdup(communes.items[j].name);
                (*out)[*n].commune_id = communes.items[j].id;
                (*n)++;
            }
        }
        unit_list_release(&communes);
    }
    unit_list_release(&districts);
    return rc;
}

static const struct ethnic_names *pick_ethnic(struct rng *r)
{
    int x = rng_int(r, 997), acc = 0;
    for (size_t i = 0; i < sizeof(ethnic_table) / sizeof(*ethnic_table); i++) {
        acc += ethnic_table[i].per_mille;
        if (x < acc)
            return &ethnic_table[i];
    }
    return &ethnic_table[0];
}

static void make_imei(const char *tac, long long serial, char out[IMEI_LEN + 1])
{
    snprintf(out, IMEI_LEN + 1, "%.8s%06lld", tac, serial % 1000000);
    out[14] = imei_check_digit(out);
    out[15] = '\0';
}

static void progress(const struct demo_options *o, const char *what, long long done,
                     long long total)
{
    if (o->progress && (done == total || done % 1000 == 0))
        o->progress(what, done, total, o->progress_arg);
}

/* The commune of 2025 that commune id became into *to (0: none); 0 or the
 * database error. */
static int successor(struct app *app, long long id, const char *date, long long *to,
                     struct error *err)
{
    int rc = unit_store_successor_at(app->db, id, date, to, err);
    if (rc != ERR_NOT_FOUND)
        return rc;
    error_clear(err);
    return 0;
}

/* The communes of 2025 that the places became, each once, with the district
 * name of the old place kept for the sessions named the old way. */
static int gather_new_places(struct app *app, const struct place *old, size_t n_old,
                             struct place **out, size_t *n, struct error *err)
{
    int rc = 0;
    *out = NULL;
    *n = 0;
    for (size_t i = 0; i < n_old && rc == 0; i++) {
        long long to;
        struct unit u;
        int seen = 0;
        if ((rc = successor(app, old[i].commune_id, APP_REFORM_DATE, &to, err)) != 0 || !to)
            continue;
        for (size_t k = 0; k < *n && !seen; k++)
            seen = (*out)[k].commune_id == to;
        if (seen)
            continue;
        if ((rc = unit_store_get(app->db, to, &u, err)) == ERR_NOT_FOUND) {
            error_clear(err);
            rc = 0;
        }
        if (rc)
            continue;
        *out = xrealloc(*out, (*n + 1) * sizeof(**out));
        (*out)[*n].district = xstrdup(old[i].district);
        (*out)[*n].commune = xstrdup(u.name);
        (*out)[*n].commune_id = to;
        (*n)++;
        unit_release(&u);
    }
    return rc;
}

static void places_free(struct place *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(v[i].district);
        free(v[i].commune);
    }
    free(v);
}

/* A synthetic person: the ethnic group and gender first (start_person),
 * then, once the caller picked the commune, the rest (finish_person):
 * the name into sb, village, year, cccd, phone and role. */
struct made_person {
    char village[96], year[8], cccd[16], phone[16];
    int female;
    const struct ethnic_names *e;
    const char *role;
};

static void start_person(struct rng *r, struct made_person *m)
{
    m->e = pick_ethnic(r);
    m->female = rng_int(r, 100) < 22;
}

static void finish_person(struct rng *r, long long commune_id, struct strbuf *sb,
                          struct made_person *m)
{
    const struct ethnic_names *e = m->e;
    int by = 1940 + rng_int(r, 46);

    strbuf_reset(sb);
    strbuf_addstr(sb, e->family[rng_int(r, e->n_family)]);
    strbuf_addch(sb, ' ');
    strbuf_addstr(sb, m->female ? e->female_middle[rng_int(r, e->n_fm)]
                                : e->male_middle[rng_int(r, e->n_mm)]);
    strbuf_addch(sb, ' ');
    strbuf_addstr(sb, m->female ? PICK(r, female_given) : PICK(r, male_given));
    /* a few villages per commune, stable for the commune */
    unsigned long long vs = (unsigned long long)commune_id * 7919ULL + (unsigned)rng_int(r, 5);
    snprintf(m->village, sizeof(m->village), "%s %s",
             village_prefix[vs % (sizeof(village_prefix) / sizeof(*village_prefix))],
             village_suffix[(vs / 13) % (sizeof(village_suffix) / sizeof(*village_suffix))]);
    snprintf(m->year, sizeof(m->year), "%d", by);
    int idk = rng_int(r, 100);
    if (idk < 70)
        snprintf(m->cccd, sizeof(m->cccd), "006%d%02d%06d", m->female ? 1 : 0, by % 100,
                 rng_int(r, 1000000));
    else if (idk < 75)
        snprintf(m->cccd, sizeof(m->cccd), "09%07d", rng_int(r, 10000000));
    else
        m->cccd[0] = '\0';
    if (rng_int(r, 100) < 80)
        snprintf(m->phone, sizeof(m->phone), "0%d%07d",
                 PICK(r, ((const int[]){97, 98, 96, 86, 91, 94, 88, 83, 84, 85,
                                        81, 82, 39, 38, 37, 36, 35, 34, 33, 32})),
                 rng_int(r, 10000000));
    else
        m->phone[0] = '\0';
    m->role = PICK(r, roles);
}

/* Add the person (again without the CCCD when a random one collided). */
static int add_made(struct app *app, struct person_input *pi, const struct made_person *m,
                    long long *id, struct error *err)
{
    pi->gender = m->female ? "F" : "M";
    pi->birth_year = m->year;
    pi->ethnic = m->e->ethnic;
    pi->village = m->village;
    pi->cccd = m->cccd[0] ? m->cccd : NULL;
    pi->phone = m->phone[0] ? m->phone : NULL;
    pi->role = m->role;
    int rc = person_app_add(app, pi, id, err);
    if (rc == ERR_CONFLICT) {
        error_clear(err);
        pi->cccd = NULL;
        rc = person_app_add(app, pi, id, err);
    }
    return rc;
}

/* Devices first..first+n-1 of the demo, of round_id, into imeis[]. */
static int add_devices(struct app *app, const struct demo_options *o, struct rng *r,
                       long long first, long long n, long long round_id, int second, char **imeis,
                       struct error *err)
{
    for (long long i = first; i < first + n; i++) {
        int m = (int)(i % 4);
        char imei[IMEI_LEN + 1], imei2[IMEI_LEN + 1];
        long long serial = 100000 + (long long)(o->seed % 1000) * 1000 + i / 4;
        make_imei(models[m].tac, serial, imei);
        make_imei(models[m].tac2, serial, imei2);
        struct device_input di = {
            .imei = imei,
            .imei2 = rng_int(r, 100) < 60 ? imei2 : NULL,
            .model = models[m].model,
            .supplier =
                second ? "Công ty CP Thiết bị số Thái Nguyên" : "Công ty CP Thiết bị số Bắc Kạn",
            .contract = second ? "HĐ 08/2025/HĐ-SDTTG" : "HĐ 15/2023/HĐ-BDT",
            .delivered_on = second ? "2025-08-20" : "2023-12-15",
            .price = "4000000",
            .warranty_until = second ? "2026-08-20" : "2024-12-15",
            .round_id = round_id,
        };
        int rc = device_app_add(app, &di, NULL, err);
        if (rc) {
            error_prefix(err, _("demo device %lld"), i + 1);
            return rc;
        }
        imeis[i] = xstrdup(imei);
        progress(o, N_("devices"), i + 1, o->devices);
    }
    return 0;
}

/* Sessions held in commune pl on days of the given months, attended by
 * most of the people of area (the unit of today of each person) there,
 * then anyone. */
static int add_sessions(struct app *app, const struct demo_options *o, struct rng *r,
                        const struct place *pls, size_t n_pls, long long from, long long n,
                        const char *year, int month0, long long round_id,
                        const long long *person_ids, const long long *area, long long persons,
                        struct error *err)
{
    int rc = 0;
    for (long long s = 0; s < n && rc == 0; s++) {
        const struct place *pl = &pls[s % (long long)n_pls];
        char date[11], place[160];
        long long sid;
        snprintf(date, sizeof(date), "%s-%02d-%02d", year, month0 + rng_int(r, 2),
                 1 + rng_int(r, 27));
        /* the hall of the commune of that day */
        long long to;
        struct unit hall;
        if ((rc = successor(app, pl->commune_id, date, &to, err)) != 0)
            break;
        if (to && (rc = unit_store_get(app->db, to, &hall, err)) == 0) {
            snprintf(place, sizeof(place), "Hội trường UBND xã %s", hall.name);
            unit_release(&hall);
        } else if (!to || rc == ERR_NOT_FOUND) {
            error_clear(err);
            rc = 0;
            snprintf(place, sizeof(place), "Hội trường UBND xã %s", pl->commune);
        } else {
            break;
        }
        /* named as the province named its communes before 1 July 2025:
         * the session's date makes it the commune of that day */
        struct training_input ti = {date,
                                    place,
                                    "Nguyễn Văn Kỹ",
                                    "Sử dụng điện thoại thông minh, Zalo và Cổng thông tin",
                                    pl->district,
                                    pl->commune,
                                    round_id,
                                    0};
        if ((rc = training_app_add(app, &ti, &sid, err)) != 0)
            break;
        struct training_session ts;
        if ((rc = training_store_get(app->db, sid, &ts, err)) != 0)
            break;
        long long unit = ts.commune_id;
        training_session_release(&ts);
        long long *att = xcalloc((size_t)o->attendees, sizeof(*att));
        size_t k2 = 0;
        /* the people of the commune first, then anyone nearby */
        long long start = rng_int(r, (int)persons);
        for (long long k = 0; k < persons && (long long)k2 < o->attendees; k++) {
            long long idx = (start + k) % persons;
            if (area[idx] == unit && rng_int(r, 100) < 85)
                att[k2++] = person_ids[idx];
        }
        for (long long k = 0;
             (long long)k2 < o->attendees && k2 < (size_t)persons && k < o->attendees * 4; k++) {
            long long idx = rng_int(r, (int)persons);
            int dup = 0;
            for (size_t j = 0; j < k2; j++)
                dup |= att[j] == person_ids[idx];
            if (!dup && rng_int(r, 100) < 50)
                att[k2++] = person_ids[idx];
            else if (persons < o->attendees)
                break;
        }
        rc = training_app_attend(app, sid, att, k2, NULL, err);
        free(att);
        progress(o, N_("training sessions"), from + s + 1, o->sessions);
    }
    return rc;
}

/* The second round is made when today is past its dates. */
#define ROUND2_AFTER "2025-12-01"

/* What demo_app_fill makes and the state its steps share; fill_release
 * frees it. */
struct fill {
    struct app *app;
    struct demo_options o; /* with the defaults filled in */
    struct rng r;
    struct place *places, *new_places; /* communes of 2023; those of 2025 they became */
    size_t n_places, n_new;
    /* persons, devices, handovers and sessions of the first round (n1, d1,
     * h1, s1) and of the second (n2, d2, h2, s2: all 0 without one) */
    long long n1, n2, d1, d2, h1, h2, s1, s2;
    long long round_id, round2_id;
    long long *person_ids, *home, *area; /* per person: id, commune, commune of 2025 */
    char **imeis;                        /* per device */
    struct strbuf sb;
};

/* The defaults of the options left unset, and the limit on devices. */
static int fill_options(struct demo_options *o, struct error *err)
{
    if (o->persons <= 0)
        o->persons = 375;
    if (o->devices <= 0)
        o->devices = o->persons + o->persons / 20;
    if (o->handovers < 0)
        o->handovers = (o->persons < o->devices ? o->persons : o->devices) * 9 / 10;
    if (o->handovers > o->persons)
        o->handovers = o->persons;
    if (o->handovers > o->devices)
        o->handovers = o->devices;
    if (o->attendees <= 0)
        o->attendees = 30;
    if (o->sessions < 0)
        o->sessions = o->persons / o->attendees + 1;
    if (o->devices > 4LL * 1000000)
        return error_set_field(err, ERR_INVALID, "devices", _("devices %lld: at most 4,000,000"),
                               o->devices);
    return 0;
}

/* Synthetic records never mix with real ones: a new, empty register only. */
static int check_empty(struct app *app, struct error *err)
{
    long long records = 0;
    int rc = overview_store_records(app->db, &records, err);
    if (rc)
        return rc;
    if (records > 0)
        return error_hint(
            err, "db",
            error_set(err, ERR_CONFLICT,
                      _("database '%s' already holds records (persons, devices, handovers, "
                        "sessions or rounds): demo data would mix with them; use a new database "
                        "file"),
                      error_quote(db_path(app->db))));
    return 0;
}

/* The communes persons live in, of 2023 and of 2025. */
static int fill_places(struct fill *f, struct error *err)
{
    int rc = gather_places(f->app, f->o.persons, &f->places, &f->n_places, err);
    if (rc)
        return rc;
    if (!f->n_places)
        return error_set(err, ERR_INTERNAL, _("no communes in the database: run 'capphat init'"));
    return gather_new_places(f->app, f->places, f->n_places, &f->new_places, &f->n_new, err);
}

/*
 * Two rounds on either side of the reorganisation of 1 July 2025, so
 * that the demo shows both: a round of 2023 handed out in early 2024 to
 * people of the communes of 2023, and (when today is past its dates) a
 * round of 2025 handed out in the autumn to people registered in the
 * communes of 2025 — among them namesakes of the old ones (Bằng Thành,
 * Chợ Rã...), named with the date. A fifth of the people, devices,
 * handovers and a third of the sessions go to the second round.
 */
static void split_rounds(struct fill *f)
{
    const struct demo_options *o = &f->o;
    char today[11];

    date_today(today);
    f->n2 = strcmp(today, ROUND2_AFTER) >= 0 && f->n_new && o->persons >= 10 ? o->persons / 5 : 0;
    f->n1 = o->persons - f->n2;
    f->d2 = f->n2 ? o->devices * f->n2 / o->persons : 0;
    f->d1 = o->devices - f->d2;
    f->h1 = o->handovers * f->n1 / o->persons;
    f->h2 = o->handovers - f->h1;
    f->s2 = f->n2 ? o->sessions / 3 : 0;
    f->s1 = o->sessions - f->s2;
    if (f->h1 > f->d1)
        f->h1 = f->d1;
    if (f->h2 > f->n2)
        f->h2 = f->n2;
    if (f->h2 > f->d2)
        f->h2 = f->d2;
}

/* The round of 2023 and, when there is one, that of 2025. */
static int add_rounds(struct fill *f, struct error *err)
{
    char name[64];
    int rc;

    snprintf(name, sizeof(name), "Đợt cấp phát 2023 (demo %llu)", f->o.seed);
    struct round_input ri = {.name = name,
                             .year = "2023",
                             .funding = "Dự án 10, Chương trình MTQG phát triển KT-XH vùng DTTS",
                             .decision = "1234/QĐ-UBND",
                             .decision_date = "2023-03-15",
                             .budget = "1500000000"};
    if ((rc = round_app_add(f->app, &ri, &f->round_id, err)) != 0 || !f->n2)
        return rc;
    snprintf(name, sizeof(name), "Đợt cấp phát 2025 (demo %llu)", f->o.seed);
    struct round_input r2 = {.name = name,
                             .year = "2025",
                             .funding = "Dự án 10, Chương trình MTQG phát triển KT-XH vùng DTTS",
                             .decision = "2468/QĐ-UBND",
                             .decision_date = "2025-02-20",
                             .budget = "400000000"};
    return round_app_add(f->app, &r2, &f->round2_id, err);
}

/* Persons: of the communes of 2023, then registered after 1 July 2025 in
 * those of 2025, named as on that day. */
static int add_persons(struct fill *f, struct error *err)
{
    long long n = f->o.persons;
    int rc;

    f->person_ids = xcalloc((size_t)n, sizeof(*f->person_ids));
    f->home = xcalloc((size_t)n, sizeof(*f->home));
    f->area = xcalloc((size_t)n, sizeof(*f->area));
    for (long long i = 0; i < n; i++) {
        int second = i >= f->n1;
        struct made_person m;
        start_person(&f->r, &m);
        const struct place *pl = second ? &f->new_places[rng_int(&f->r, (int)f->n_new)]
                                        : &f->places[rng_int(&f->r, (int)f->n_places)];
        finish_person(&f->r, pl->commune_id, &f->sb, &m);
        struct person_input pi = {
            .full_name = f->sb.buf,
            .district = second ? NULL : pl->district,
            .commune = pl->commune,
            .as_of = second ? "2025-08-01" : NULL,
        };
        if ((rc = add_made(f->app, &pi, &m, &f->person_ids[i], err)) != 0) {
            error_prefix(err, _("demo person %lld"), i + 1);
            return rc;
        }
        /* the commune of 2025 each person's commune stands for: sessions
         * there are attended by the people of the communes it absorbed */
        f->home[i] = pl->commune_id;
        f->area[i] = pl->commune_id;
        if (!second &&
            (rc = successor(f->app, pl->commune_id, APP_REFORM_DATE, &f->area[i], err)) != 0)
            return rc;
        progress(&f->o, N_("persons"), i + 1, n);
    }
    return 0;
}

/* Handovers of the first round, in January and February 2024. */
static int give_round1(struct fill *f, struct error *err)
{
    int rc = 0;
    for (long long i = 0; i < f->h1 && rc == 0; i++) {
        char date[11];
        snprintf(date, sizeof(date), "2024-%02d-%02d", 1 + rng_int(&f->r, 2),
                 2 + rng_int(&f->r, 26));
        struct handover_input hi = {f->person_ids[i], f->imeis[i], date, NULL, "Hoàng Văn Thụ"};
        char *receipt = NULL;
        long long hid = 0;
        rc = handover_app_give(f->app, &hi, &receipt, &hid, err);
        if (rc == 0 && rng_int(&f->r, 100) < 80)
            rc = handover_app_mark_signed(f->app, hid, NULL, "2024-03-01", err);
        free(receipt);
        progress(&f->o, N_("handovers"), i + 1, f->o.handovers);
    }
    return rc;
}

/* A few returns of the first round: 2% died or replaced (passed on when a
 * successor waits), 1% defective. */
static int add_returns(struct fill *f, struct error *err)
{
    int rc = 0;
    for (long long i = 0; i < f->h1 && rc == 0; i++) {
        int x = rng_int(&f->r, 1000);
        if (x < 10) {
            rc = handover_app_return(f->app, f->imeis[i], "defective", NULL, "2024-06-10", NULL,
                                     "Không lên nguồn", NULL, err);
        } else if (x < 30) {
            long long succ = f->h1 + (i % (f->n1 - f->h1 + 1));
            if (succ < f->n1 && x < 20) {
                rc = handover_app_pass_on(f->app, f->person_ids[i], f->person_ids[succ],
                                          x < 15 ? "died" : "replaced", "45/QĐ-BDT", "2024-09-05",
                                          NULL, NULL, NULL, NULL, err);
                if (rc == ERR_CONFLICT) {
                    /* that successor already received one: a plain return */
                    error_clear(err);
                    rc = handover_app_return(f->app, f->imeis[i], "replaced", "45/QĐ-BDT",
                                             "2024-09-05", NULL, NULL, NULL, err);
                }
            } else {
                rc = handover_app_return(f->app, f->imeis[i], x < 25 ? "died" : "other", NULL,
                                         "2024-08-20", NULL, NULL, NULL, err);
            }
        }
    }
    return rc;
}

/* Handovers of the second round, in September and October 2025: their
 * receipts bear the commune of 2025 and the province. */
static int give_round2(struct fill *f, struct error *err)
{
    int rc = 0;
    for (long long i = 0; i < f->h2 && rc == 0; i++) {
        char date[11];
        snprintf(date, sizeof(date), "2025-%02d-%02d", 9 + rng_int(&f->r, 2),
                 2 + rng_int(&f->r, 26));
        struct handover_input hi = {f->person_ids[f->n1 + i], f->imeis[f->d1 + i], date, NULL,
                                    "Hoàng Văn Thụ"};
        char *receipt = NULL;
        long long hid = 0;
        rc = handover_app_give(f->app, &hi, &receipt, &hid, err);
        if (rc == 0 && rng_int(&f->r, 100) < 60)
            rc = handover_app_mark_signed(f->app, hid, NULL, "2025-11-03", err);
        free(receipt);
        progress(&f->o, N_("handovers"), f->h1 + i + 1, f->o.handovers);
    }
    return rc;
}

/* Every record of the demo, one kind after the other, in one transaction
 * the caller opened. */
static int fill_records(struct fill *f, struct error *err)
{
    int rc;

    if ((rc = add_rounds(f, err)) != 0 || (rc = add_persons(f, err)) != 0)
        return rc;
    f->imeis = xcalloc((size_t)f->o.devices, sizeof(*f->imeis));
    if ((rc = add_devices(f->app, &f->o, &f->r, 0, f->d1, f->round_id, 0, f->imeis, err)) != 0 ||
        (rc = add_devices(f->app, &f->o, &f->r, f->d1, f->d2, f->round2_id, 1, f->imeis, err)) != 0)
        return rc;
    if ((rc = give_round1(f, err)) != 0 || (rc = add_returns(f, err)) != 0 ||
        (rc = give_round2(f, err)) != 0)
        return rc;
    /* training: sessions in communes, attended by most recipients there;
     * those of the second round named the old way, on dates after 1 July
     * 2025; the sessions of 2024 are attended by the people of 2024 only */
    rc = add_sessions(f->app, &f->o, &f->r, f->places, f->n_places, 0, f->s1, "2024", 2,
                      f->round_id, f->person_ids, f->home, f->n1, err);
    if (rc == 0 && f->s2)
        rc = add_sessions(f->app, &f->o, &f->r, f->places, f->n_places, f->s1, f->s2, "2025", 10,
                          f->round2_id, f->person_ids, f->area, f->o.persons, err);
    return rc;
}

static void fill_release(struct fill *f)
{
    if (f->imeis)
        for (long long k = 0; k < f->o.devices; k++)
            free(f->imeis[k]);
    free(f->imeis);
    places_free(f->places, f->n_places);
    places_free(f->new_places, f->n_new);
    free(f->person_ids);
    free(f->home);
    free(f->area);
    strbuf_release(&f->sb);
}

int demo_app_fill(struct app *app, const struct demo_options *o, struct error *err)
{
    struct fill f = {.app = app, .o = *o, .r = {o->seed ? o->seed : 20240220}, .sb = STRBUF_INIT};
    int rc;

    if ((rc = fill_options(&f.o, err)) == 0 && (rc = check_empty(app, err)) == 0 &&
        (rc = fill_places(&f, err)) == 0) {
        split_rounds(&f);
        if ((rc = db_begin(app->db, err)) == 0) {
            rc = fill_records(&f, err);
            int rc2 = db_end(app->db, rc == 0, rc ? NULL : err);
            if (!rc)
                rc = rc2;
        }
    }
    fill_release(&f);
    return rc;
}
