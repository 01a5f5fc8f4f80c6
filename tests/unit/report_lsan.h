/*
 * report_lsan.h: LeakSanitizer settings for the tests that render with
 * pango (test_receipt_pdf, test_print). Include it in one file per program.
 *
 * - fontconfig loses a few bytes, once per process, while it parses its
 *   configuration (FcInitLoadConfigAndFonts, seen with fontconfig 2.14):
 *   not ours, suppressed by the name of its library (the same line is in
 *   tests/lsan.supp for programs run under ASan from scripts, which says
 *   why: the function is deep in the stack, where only the slow unwinder,
 *   many times slower, would reach).
 * - report_lsan_init() turns glib's slice allocator off (G_SLICE), so that
 *   a PangoLayout we forget to unref shows as a leak instead of hiding in
 *   glib's magazines. Call it first thing in main().
 * The function below is looked up by the sanitizer runtime by name, hence
 * not static; without sanitizers nothing calls it.
 */
#ifndef TESTS_REPORT_LSAN_H
#define TESTS_REPORT_LSAN_H

#include <stdlib.h>

const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
    return "leak:libfontconfig.so\n";
}

static void report_lsan_init(void)
{
    setenv("G_SLICE", "always-malloc", 1);
}

#endif
