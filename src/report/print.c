/*
 * print: the only code that talks to CUPS. It finds the destination among
 * the server's printers, reports clearly when there is no server, no
 * default printer or no printer of that name, and queues the file with
 * cupsPrintFile2(). See include/report/print.h.
 */
#include "report/print.h"

#include "core/i18n.h"
#include "core/strbuf.h"
#include "core/xalloc.h"

#include <cups/cups.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* How long to wait for the server to answer before saying it is not there. */
#define CONNECT_TIMEOUT_MS 5000

/* "A, B, C" of the printers the server knows, or "none". Caller frees. */
static char *dest_names(const cups_dest_t *dests, int n)
{
    struct strbuf sb = STRBUF_INIT;

    for (int i = 0; i < n; i++) {
        if (sb.len)
            strbuf_addstr(&sb, ", ");
        strbuf_addstr(&sb, dests[i].name);
        if (dests[i].instance)
            strbuf_addf(&sb, "/%s", dests[i].instance);
    }
    if (!sb.len)
        strbuf_addstr(&sb, _("none"));
    return strbuf_detach(&sb, NULL);
}

/* The server's reason for the last failure, lowercase first letter. */
static char *last_cups_error(void)
{
    const char *s = cupsLastErrorString();
    char *r = xstrdup(s && *s ? s : "unknown error");
    if (r[0] >= 'A' && r[0] <= 'Z' && !(r[1] >= 'A' && r[1] <= 'Z'))
        r[0] = (char)(r[0] - 'A' + 'a');
    return r;
}

/* How long a job is watched after it is queued, and how often. */
#define WATCH_MS 6000
#define WATCH_STEP_MS 200

/* The state of job on printer name: an ipp_jstate_t, or 0 when not listed. */
static int job_state(http_t *http, const char *name, int job)
{
    cups_job_t *jobs = NULL;
    int n = cupsGetJobs2(http, &jobs, name, 0, CUPS_WHICHJOBS_ALL), state = 0;
    for (int i = 0; i < n; i++)
        if (jobs[i].id == job)
            state = jobs[i].state;
    cupsFreeJobs(n, jobs);
    return state;
}

/* Whether printer name is stopped; *why gets its message (caller frees). */
static int printer_stopped(http_t *http, const char *name, char **why)
{
    cups_dest_t *d = cupsGetNamedDest(http, name, NULL);
    const char *state = d ? cupsGetOption("printer-state", d->num_options, d->options) : NULL;
    const char *msg = d ? cupsGetOption("printer-state-message", d->num_options, d->options) : NULL;
    int stopped = state && atoi(state) == IPP_PSTATE_STOPPED;
    *why = xstrdup(msg && *msg ? msg : stopped ? _("the printer stopped") : _("it failed"));
    if (d)
        cupsFreeDests(1, d);
    return stopped;
}

/*
 * Watch job for a while: 0 when it printed or is still going, or
 * ERR_CONFLICT when the server aborted or cancelled it or the printer
 * stopped on it (the job is then cancelled: it must not come out later,
 * once the print was reported failed).
 */
static int watch_job(http_t *http, const char *name, int job, struct error *err)
{
    char *why = NULL;
    for (int waited = 0; waited < WATCH_MS; waited += WATCH_STEP_MS) {
        int state = job_state(http, name, job);
        if (state == IPP_JSTATE_COMPLETED)
            return 0;
        if (state == IPP_JSTATE_ABORTED || state == IPP_JSTATE_CANCELED) {
            int rc = error_set(err, ERR_CONFLICT, _("printer '%s' failed job %d (%s)"),
                               error_quote(name), job,
                               state == IPP_JSTATE_ABORTED ? _("aborted") : _("cancelled"));
            return rc;
        }
        if (state == IPP_JSTATE_HELD || state == IPP_JSTATE_STOPPED) {
            /* the printer failed it and keeps it to try again later */
            cupsCancelJob2(http, name, job, 0);
            printer_stopped(http, name, &why);
            int rc = error_set(err, ERR_CONFLICT,
                               _("printer '%s' could not print job %d (%s); the job was "
                                 "cancelled"),
                               error_quote(name), job, why);
            free(why);
            return rc;
        }
        if (printer_stopped(http, name, &why)) {
            cupsCancelJob2(http, name, job, 0);
            int rc = error_set(err, ERR_CONFLICT, _("printer '%s' stopped on job %d: %s"),
                               error_quote(name), job, why);
            free(why);
            return rc;
        }
        free(why);
        why = NULL;
        usleep(WATCH_STEP_MS * 1000);
    }
    return 0; /* still printing: a printer takes its time */
}

/* A connection to server for a print, or NULL with err saying why there is
 * none. */
static http_t *connect_to_print(const char *server, struct error *err)
{
    http_t *http = httpConnect2(server, ippPort(), NULL, AF_UNSPEC, cupsEncryption(), 1,
                                CONNECT_TIMEOUT_MS, NULL);
    if (!http) {
        /* errno is not reliable here (libcups closes its socket first) */
        struct stat st;
        const char *why = server[0] != '/'         ? _("no answer")
                          : stat(server, &st) != 0 ? _("no socket at that path")
                                                   : _("nothing listens on that socket");
        error_set(err, ERR_IO, _("cannot reach the print server '%s': %s (is cupsd running?)"),
                  error_quote(server), why);
    }
    return http;
}

/* The destination among dests: the printer named ("NAME" or
 * "NAME/INSTANCE"), else the default one; ERR_NOT_FOUND listing the
 * printers there are when it is not there. */
static int pick_dest(cups_dest_t *dests, int ndests, const char *printer, const char *server,
                     cups_dest_t **dest, struct error *err)
{
    char *names;
    int rc;

    if (printer && *printer) {
        char *name = xstrdup(printer), *instance = NULL, *slash;
        if ((slash = strchr(name, '/'))) {
            *slash = '\0';
            instance = slash + 1;
        }
        *dest = cupsGetDest(name, instance, ndests, dests);
        free(name);
        if (*dest)
            return 0;
        names = dest_names(dests, ndests);
        rc = error_set(err, ERR_NOT_FOUND, _("no printer named '%s'; printers: %s"),
                       error_quote(printer), names);
    } else {
        if ((*dest = cupsGetDest(NULL, NULL, ndests, dests)) != NULL)
            return 0;
        names = dest_names(dests, ndests);
        if (ndests)
            rc = error_set(err, ERR_NOT_FOUND, _("no default printer: name one (printers: %s)"),
                           names);
        else
            rc = error_set(err, ERR_NOT_FOUND, _("no printers are set up on '%s'"),
                           error_quote(server));
    }
    free(names);
    return rc;
}

/* Queue path on dest with the printer's own options, and the copies on
 * media, under title (NULL or "": the file's name); its job into *job. */
static int queue_file(http_t *http, const cups_dest_t *dest, const char *path, const char *title,
                      int copies, const char *media, int *job, struct error *err)
{
    cups_option_t *opts = NULL;
    int nopts = 0;
    char ncopies[8];

    if (!title || !*title) {
        const char *base = strrchr(path, '/');
        title = base ? base + 1 : path;
    }
    for (int i = 0; i < dest->num_options; i++)
        nopts = cupsAddOption(dest->options[i].name, dest->options[i].value, nopts, &opts);
    snprintf(ncopies, sizeof(ncopies), "%d", copies > 0 && copies < 100 ? copies : 1);
    nopts = cupsAddOption("copies", ncopies, nopts, &opts);
    nopts = cupsAddOption("media", media && *media ? media : "A4", nopts, &opts);
    *job = cupsPrintFile2(http, dest->name, path, title, nopts, opts);
    cupsFreeOptions(nopts, opts);
    if (*job > 0)
        return 0;
    char *why = last_cups_error();
    int rc = error_set(err, ERR_CONFLICT, _("printer '%s' did not take '%s': %s"),
                       error_quote_slot(dest->name, 1), error_quote(path), why);
    free(why);
    return rc;
}

int print_file(const char *path, const char *printer, const char *title, int copies,
               const char *media, int *job_id, struct error *err)
{
    http_t *http;
    cups_dest_t *dests = NULL, *dest;
    int ndests, job, rc;
    const char *server;

    /*
     * Forget the server libcups found on an earlier call and look again
     * ($CUPS_SERVER, client.conf): the full-screen program lives long, and
     * the operator may have fixed the setting since.
     */
    cupsSetServer(NULL);
    server = cupsServer();
    if (job_id)
        *job_id = 0;
    if (!path || !*path)
        return error_set(err, ERR_INVALID, _("no file to print"));
    if (access(path, R_OK) != 0)
        return error_set(err, ERR_IO, _("cannot print '%s': %s"), error_quote(path),
                         errno == ENOENT ? "no such file" : strerror(errno));
    if (!(http = connect_to_print(server, err)))
        return ERR_IO;

    ndests = cupsGetDests2(http, &dests);
    if (ndests == 0 && cupsLastError() > IPP_STATUS_OK_EVENTS_COMPLETE &&
        cupsLastError() != IPP_STATUS_ERROR_NOT_FOUND) {
        char *why = last_cups_error();
        rc = error_set(err, ERR_IO, _("cannot list the printers of '%s': %s"), error_quote(server),
                       why);
        free(why);
    } else if ((rc = pick_dest(dests, ndests, printer, server, &dest, err)) == 0 &&
               (rc = queue_file(http, dest, path, title, copies, media, &job, err)) == 0) {
        if (job_id)
            *job_id = job;
        rc = watch_job(http, dest->name, job, err);
    }
    cupsFreeDests(ndests, dests);
    httpClose(http);
    return rc;
}

/* A connection to the server libcups finds, or NULL with err set. */
static http_t *connect_server(struct error *err)
{
    const char *server;
    http_t *http;

    cupsSetServer(NULL);
    server = cupsServer();
    http = httpConnect2(server, ippPort(), NULL, AF_UNSPEC, cupsEncryption(), 1, CONNECT_TIMEOUT_MS,
                        NULL);
    if (!http)
        error_set(err, ERR_IO, _("cannot reach the print server '%s': %s (is cupsd running?)"),
                  error_quote(server), _("no answer"));
    return http;
}

int print_list_printers(char ***names, int *n, struct error *err)
{
    cups_dest_t *dests = NULL;
    http_t *http;
    int ndests, k = 0;

    *names = NULL;
    *n = 0;
    if (!(http = connect_server(err)))
        return ERR_IO;
    ndests = cupsGetDests2(http, &dests);
    *names = xcalloc((size_t)ndests + 1, sizeof **names);
    /* the default printer first, then the others as the server lists them */
    for (int pass = 0; pass < 2; pass++)
        for (int i = 0; i < ndests; i++) {
            if ((pass == 0) != (dests[i].is_default != 0))
                continue;
            (*names)[k++] = dests[i].instance ? xasprintf("%s/%s", dests[i].name, dests[i].instance)
                                              : xstrdup(dests[i].name);
        }
    *n = k;
    cupsFreeDests(ndests, dests);
    httpClose(http);
    return 0;
}

const char *print_job_state(const char *printer, int job)
{
    struct error err = ERROR_INIT;
    http_t *http = connect_server(&err);
    char *name;
    int state = 0;

    error_clear(&err);
    if (!http || !printer || !*printer || job <= 0) {
        if (http)
            httpClose(http);
        return N_("unknown");
    }
    name = xstrdup(printer);
    if (strchr(name, '/'))
        *strchr(name, '/') = '\0';
    state = job_state(http, name, job);
    free(name);
    httpClose(http);
    switch (state) {
    case IPP_JSTATE_PENDING:
        return N_("pending");
    case IPP_JSTATE_HELD:
        return N_("held");
    case IPP_JSTATE_PROCESSING:
        return N_("printing");
    case IPP_JSTATE_STOPPED:
        return N_("stopped");
    case IPP_JSTATE_CANCELED:
        return N_("cancelled");
    case IPP_JSTATE_ABORTED:
        return N_("aborted");
    case IPP_JSTATE_COMPLETED:
        return N_("completed");
    default:
        return N_("unknown");
    }
}
