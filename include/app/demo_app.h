/* demo_app: a realistic synthetic data set for trying capphat and for benchmarks. */
#ifndef APP_DEMO_APP_H
#define APP_DEMO_APP_H

#include "app/app.h"

struct demo_options {
    long long persons;   /* default 375 */
    long long devices;   /* default persons + 5% */
    long long handovers; /* default 90% of min(persons, devices); -1 = default */
    long long sessions;  /* training sessions; -1 = default (persons / 30) */
    long long attendees; /* per session, default 30 */
    unsigned long long seed;
    void (*progress)(const char *what, long long done, long long total, void *arg);
    void *progress_arg;
};

int demo_app_fill(struct app *app, const struct demo_options *o, struct error *err);

#endif
