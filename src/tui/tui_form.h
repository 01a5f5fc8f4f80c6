/*
 * tui_form: a form of labelled fields with a small line editor of its own
 * (wide characters through get_wch, so Vietnamese typed through an input
 * method arrives whole; values are stored NFC by the use cases'
 * text_clean), choice fields whose list filters as you type (accent- and
 * case-insensitively), and an error line under a field as soon as it is
 * left. Each field has the key the use cases name it by in their errors
 * (struct error's field): a save they refuse puts its message under the
 * field of that key, never by reading the message.
 */
#ifndef TUI_FORM_H
#define TUI_FORM_H

#include "core/error.h"
#include "tui_internal.h"

enum tui_field_kind { FIELD_TEXT, FIELD_CHOICE };

struct tui_choice {
    long long id;
    char *text;   /* what the field holds when chosen */
    char *detail; /* shown beside it in the list, may be NULL */
    char *alias;  /* other words that find it, not shown (may be NULL) */
};

struct tui_choices {
    struct tui_choice *items;
    int n, alloc;
};
void tui_choices_add(struct tui_choices *c, long long id, const char *text, const char *detail);
void tui_choices_release(struct tui_choices *c);
/* Words that also find the last choice added ("M Nam male"). */
void tui_choices_alias(struct tui_choices *c, const char *alias);

struct tui_form;
struct tui_field {
    const char *key;   /* the field's name in the use cases' errors, or NULL */
    const char *label; /* N_() */
    enum tui_field_kind kind;
    int required;
    int free_text; /* a choice field that also takes any typed text */
    struct strbuf value;
    size_t cursor; /* byte offset in value */
    long long choice_id;
    long long picked_id;      /* the choice last picked: a change runs the picked hook */
    struct tui_choices fixed; /* a fixed list, filtered by the form */
    /* or a list from a query: matches of filter (folded, may be "") */
    void (*choices)(struct tui_form *f, int idx, const char *filter, struct tui_choices *out);
    char *error;
    char *detail; /* the chosen item's detail, shown after the value */
    int hidden;
};

struct tui_form {
    char *title;
    struct tui_field *fields;
    int n, cur;
    struct tui_choices drop;
    int drop_sel, drop_open;
    int drop_moved; /* the operator moved the highlight since the list was filled */
    int dirty;
    int top;
    /* hooks, all optional */
    int (*check)(struct tui_form *f, int idx, struct error *err); /* on leaving idx */
    void (*picked)(struct tui_form *f, int idx);                  /* after a choice */
    int (*save)(struct tui_form *f, struct error *err);           /* F2 / Enter on the last */
    int (*enter)(struct tui_form *f, int idx); /* Enter on a field: 1 = handled */
    void (*done)(struct tui_form *f);          /* after a save that succeeded (view mode) */
    void (*release)(struct tui_form *f);
    /* an action the form itself does not handle (a function key): TUI_*
     * flags, TUI_UNHANDLED to pass it on */
    int (*action)(struct tui_form *f, enum tui_action a);
    const enum tui_action *fbar; /* the F-key bar of the form's view (NULL: save, next) */
    void *arg;
    char *message;
    int message_error;
    int rows_used;
    int label_w;
    /* a step that cannot be undone: the question (a new string) asked, with
     * No as the default, before save runs; NULL: no question */
    char *(*confirm)(struct tui_form *f);
    int confirmed;      /* the operator answered y: save runs */
    int file_field;     /* the field naming a file to write, or -1 */
    char *replace_path; /* the existing file the operator agreed to replace */
};

struct tui_form *tui_form_new(const char *title, int n);
void tui_form_free(struct tui_form *f);
/* Define field i: key (a string literal, or from a static table) is its
 * name in the use cases' errors (include/core/error.h), NULL when none is
 * about it; label (N_()) is what the operator reads. */
void tui_form_field(struct tui_form *f, int i, const char *key, const char *label,
                    enum tui_field_kind kind, int required);
void tui_form_set(struct tui_form *f, int i, const char *value, long long choice_id);
/* The value, "" when empty. */
const char *tui_form_value(const struct tui_form *f, int i);
/* The value, or NULL when empty. */
const char *tui_form_opt(const struct tui_form *f, int i);
void tui_form_error(struct tui_form *f, int i, const char *msg);
/*
 * An error of a use case: its message under the field it names (err's
 * field, a key), the field marked; the focus stays where the operator
 * was (typing goes on where it went). Returns 1 when the
 * form shows a field of that key, 0 when it has none (the message is then
 * the caller's to show). A save refused (the save hook) goes through it.
 */
int tui_form_error_at(struct tui_form *f, const struct error *err);
void tui_form_message(struct tui_form *f, int error, const char *msg);
/* Check every field (check hook and choices); 0 when all are right, else
 * the index of the first field in error plus one. The focus stays. */
int tui_form_check_all(struct tui_form *f);
void tui_form_draw(struct tui_form *f, WINDOW *w, int y, int h, int wd);
/*
 * For a save hook writing the file at path: 1 when the operator has agreed
 * to replace it. In a form whose file_field is set, a save that returns
 * ERR_EXISTS (io/outfile: the file exists) makes the form ask "replace?"
 * with No as the default; Yes saves again, and then this answers 1 for
 * that path (only for that path: a name typed afterwards is asked about
 * again).
 */
int tui_form_replace(const struct tui_form *f, const char *path);
/* Keys; TUI_* flags, | TUI_FORM_SAVED after a successful save. */
#define TUI_FORM_SAVED 16
int tui_form_key(struct tui_form *f, enum tui_action a, const struct tui_key *k);
/* Push the form as a view of its own; it closes after a successful save. */
void tui_form_open(struct tui_form *f);

/* Append the UTF-8 encoding of c. */
void tui_utf8_add(struct strbuf *sb, wint_t c);

#endif
