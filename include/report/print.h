/*
 * print: sending a finished file (a receipt PDF) to a printer through CUPS.
 *
 * The CUPS server is the one libcups finds: $CUPS_SERVER, ~/.cups/client.conf,
 * /etc/cups/client.conf, else the local daemon. No shell and no `lp`: libcups
 * talks to the server itself.
 */
#ifndef REPORT_PRINT_H
#define REPORT_PRINT_H

#include "core/error.h"

/*
 * Queue the file at path on printer ("name" or "name/instance"; NULL or ""
 * for the default printer), under the job title title (NULL: the file's
 * name), copies times, on media (the job's "media" option: "A4", "A5",
 * "Letter" as paper_name gives them; NULL or "": A4). After queuing, the job is watched
 * for a few seconds: a job the server aborts or cancels, or a printer that
 * stops on it, is a failed print (the job is cancelled, so that it does not
 * come out later). On success returns 0 and, when job_id is not NULL, stores the CUPS
 * job number there. The file is sent as it is (the server picks its type);
 * it may be removed once this returns.
 *
 * Errors (err gets a message that says what to do next):
 *   ERR_IO        the file cannot be read, or no CUPS server answers
 *                 ("cannot reach the print server '/run/cups/cups.sock': …")
 *   ERR_NOT_FOUND no printer of that name ("no printer named 'X'; printers:
 *                 A, B"), or no default printer and none named
 *   ERR_CONFLICT  the server refused the job (printer stopped, not accepting
 *                 jobs, …), with the server's reason
 */
int print_file(const char *path, const char *printer, const char *title, int copies,
               const char *media, int *job_id, struct error *err);

/*
 * The printers the CUPS server knows ("name" or "name/instance"), the
 * default one first: *names (caller frees each and the array) and *n.
 * ERR_IO when no server answers (as print_file says it). No printers is 0
 * with *n 0.
 */
int print_list_printers(char ***names, int *n, struct error *err);

/*
 * The state of job on printer now, as a word for a person (N_(), translate
 * with _()): "pending", "held", "printing", "stopped", "cancelled",
 * "aborted", "completed", or "unknown" when the server does not say.
 */
const char *print_job_state(const char *printer, int job);

#endif
