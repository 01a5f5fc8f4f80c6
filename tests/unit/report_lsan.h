/*
 * report_lsan.h: LeakSanitizer settings for the tests that render with
 * pango (test_receipt_pdf, test_print). Include it in one file per program.
 *
 * - fontconfig loses a few bytes, once per process, while it parses its
 *   configuration (FcInitLoadConfigAndFonts, seen with fontconfig 2.14):
 *   not ours, suppressed by that function's name (the same line is in
 *   tests/lsan.supp for programs run under ASan from scripts).
 * - Matching a name deep in the stack needs the slow unwinder.
 * - report_lsan_init() turns glib's slice allocator off (G_SLICE), so that
 *   a PangoLayout we forget to unref shows as a leak instead of hiding in
 *   glib's magazines. Call it first thing in main().
 * The two functions below are looked up by the sanitizer runtime by name,
 * hence not static; without sanitizers nothing calls them.
 */
#ifndef TESTS_REPORT_LSAN_H
#define TESTS_REPORT_LSAN_H

#include <stdlib.h>

const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
    return "leak:FcInitLoadConfigAndFonts\n";
}

const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
    return "fast_unwind_on_malloc=0";
}

static void report_lsan_init(void)
{
    setenv("G_SLICE", "always-malloc", 1);
}

#endif
