/*
 * report_store: the queries behind the reports — counts grouped by commune,
 * district, or ethnic group and gender, the rows of the sign-off and
 * attendance lists, and the raw tables exported as CSV.
 *
 * Rows are handed to a callback one at a time, straight from the statement,
 * so that a list of 100,000 people needs no more memory than one of ten;
 * the counts take memory for their groups only. The sign-off list is the
 * exception: it is read whole, each table once, and held in memory
 * (report_store_list_load).
 * The strings of a row belong to the store and are valid only during the
 * callback; a callback that returns non-zero stops the walk (that value is
 * returned).
 */
#ifndef STORE_REPORT_STORE_H
#define STORE_REPORT_STORE_H

#include "core/error.h"
#include <stddef.h>

struct db;

/* What the summary counts for one group of people and devices. */
struct report_counts {
    long long people;             /* active persons */
    long long handed_over;        /* open handovers */
    long long returned;           /* handovers closed by a return */
    long long in_stock;           /* devices in stock, by their last holder */
    long long repair_lost;        /* devices under repair or lost, by their last holder */
    long long value;              /* VND: sum of the prices of devices handed over */
    long long trained;            /* active persons who attended any session */
    long long received_untrained; /* persons holding a device, never trained */
    long long trained_no_phone;   /* active persons trained, holding no device */
    long long signed_n;           /* open handovers whose paper receipt came back signed */
    long long unsigned_n;         /* open handovers whose paper receipt has not */
};

enum report_group {
    REPORT_BY_COMMUNE,  /* district, commune: one row per commune with people */
    REPORT_BY_DISTRICT, /* district: one row per district with people */
    REPORT_BY_ETHNIC,   /* ethnic group and gender */
};

/* One row of a grouping. Names are "" when unknown (a person without an ethnic group). */
struct report_group_row {
    /* the district of 2023 the commune lies in: the one above it, or for a
     * commune of 2025 the one all its old communes were in (0 and "" when
     * they were in two, or it has none in the reference data) */
    long long district_id;
    const char *district;
    const char *district_kind; /* "Huyện", "Thành phố"; "" when unknown */
    long long commune_id;
    const char *commune;
    const char *commune_from; /* the commune's start ("2025-07-01"), "" when unknown */
    const char *old_districts; /* the districts of the communes it absorbed, "Ba Bể, Chợ Đồn" */
    long long ethnic_id;
    const char *ethnic;
    char gender; /* 'M' or 'F' (REPORT_BY_ETHNIC only) */
    struct report_counts c;
};

typedef int (*report_group_fn)(const struct report_group_row *row, void *arg);

/*
 * The counts of one grouping, in Vietnamese order of district, commune or
 * ethnic group. round_id limits handovers and devices to a round (0 = all).
 * Devices are counted where their last holder lives; those never handed
 * over belong to no group: see report_store_unassigned. People are counted
 * in the commune they were registered in (as_of NULL: the historical view,
 * by the districts of 2023), or in the commune that stands for it on the
 * date as_of (a commune of 2023 after 1 July 2025: the one it became).
 */
int report_store_groups(struct db *db, enum report_group group, long long round_id,
                        const char *as_of, report_group_fn fn, void *arg, struct error *err);

/* Devices never handed over: in stock, and under repair or lost. */
int report_store_unassigned(struct db *db, long long round_id, long long *in_stock,
                            long long *repair_lost, struct error *err);

/* A person on a list, with the open handover that the list is about (if any). */
struct report_person_row {
    long long person_id;
    const char *full_name;
    int birth_year; /* 0 = unknown */
    char gender;    /* 'M' or 'F' */
    const char *ethnic;
    const char *village;
    const char *commune;
    const char *commune_kind; /* "Xã", "Phường", "Thị trấn" */
    const char *district;
    const char *district_kind;
    const char *id_number;
    const char *phone;
    const char *note;
    /* the open handover ("" when none) */
    long long handover_id;
    const char *receipt_no;
    const char *model;
    const char *imei;
    const char *imei2;
    const char *handed_on; /* ISO date */
    const char *signed_on;
    /* the commune that stands for the person's on the list's date (today,
     * or the session's) when that is another unit (the one it became), else "" */
    const char *commune_then;
};

typedef int (*report_person_fn)(const struct report_person_row *row, void *arg);

/* A commune that has rows on a list. */
struct report_commune {
    long long id;
    const char *name, *kind;
    long long district_id;
    const char *district, *district_kind;
    long long rows;   /* rows of the list: one per open handover, or per person (blank) */
    long long merged; /* persons on it registered in another commune (one it absorbed) */
};

typedef int (*report_commune_fn)(const struct report_commune *c, void *arg);

/*
 * The sign-off list. With blank == 0: active and inactive persons holding a
 * device (an open handover, of round_id when non-zero); with blank != 0:
 * active persons holding none (in that round), who are still to receive
 * one. A list is made for today's field trip: a sheet per commune of today
 * (the people of a commune of 2023 in the commune it became), of the
 * persons registered in district_id / within commune_id (UNIT_WITHIN) when
 * non-zero.
 *
 * report_store_list_load reads the list whole into *out (release it with
 * report_store_list_release, also after a failure): out->communes are the
 * communes with rows, in Vietnamese order of the unit above and the
 * commune; report_store_list_each gives the rows of out->communes[sheet]
 * in Vietnamese name order (the persons' sort key, id, then handover).
 * The tables are read once each and the rows held in memory (about 25 MB
 * at 100,000 rows): a list read sheet by sheet read every table page again
 * for each sheet. The strings of out and of the rows belong to out.
 */
struct report_list_data;
struct report_list {
    struct report_commune *communes;
    size_t n_communes;
    struct report_list_data *data;
};
int report_store_list_load(struct db *db, long long district_id, long long commune_id,
                           long long round_id, int blank, struct report_list *out,
                           struct error *err);
/* Calls fn for each row of sheet sheet (0 .. n_communes - 1); a non-zero
 * return stops the walk and is returned. */
int report_store_list_each(const struct report_list *l, size_t sheet, report_person_fn fn,
                           void *arg);
void report_store_list_release(struct report_list *l);

/*
 * The attendance sheet of a session: with blank == 0 the persons recorded
 * as attending; with blank != 0 the recipients (persons holding a device)
 * of commune_id, to sign on the day. In Vietnamese name order; the device
 * fields are those of the person's open handover.
 */
int report_store_each_attendee(struct db *db, long long session_id, int blank, long long commune_id,
                               report_person_fn fn, void *arg, struct error *err);

/* How many rows report_store_each_attendee gives. */
int report_store_count_attendees(struct db *db, long long session_id, int blank,
                                 long long commune_id, long long *n, struct error *err);

/* The raw tables for CSV export. */
enum report_table { REPORT_PERSONS, REPORT_DEVICES, REPORT_HANDOVERS };

/*
 * Every column of the table (and the names of what its ids point to), one
 * row at a time: fn is called first with values NULL (the header: only the
 * column names), then once per row with the values as text (NULL for SQL
 * NULL). Persons in Vietnamese name order, devices by IMEI, handovers by id.
 */
typedef int (*report_table_fn)(int ncols, const char *const *names, const char *const *values,
                               void *arg);
int report_store_each_row(struct db *db, enum report_table table, report_table_fn fn, void *arg,
                          struct error *err);

#endif
