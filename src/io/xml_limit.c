/*
 * xml_limit: expat with its memory counted; see xml_limit.h.
 */
#include "xml_limit.h"

#include <stddef.h>
#include <stdlib.h>

union xml_head {
    size_t size;
    max_align_t align;
};
static size_t xml_held;
static int xml_refused;

static void *xml_malloc(size_t n)
{
    union xml_head *h;

    if (n > XML_LIMIT_BYTES - xml_held) {
        xml_refused = 1;
        return NULL;
    }
    h = malloc(sizeof(*h) + n);
    if (!h)
        return NULL;
    h->size = n;
    xml_held += n;
    return h + 1;
}

static void xml_free(void *p)
{
    union xml_head *h;

    if (!p)
        return;
    h = (union xml_head *)p - 1;
    xml_held -= h->size;
    free(h);
}

static void *xml_realloc(void *p, size_t n)
{
    union xml_head *h;
    size_t old;

    if (!p)
        return xml_malloc(n);
    h = (union xml_head *)p - 1;
    old = h->size;
    if (n > old && n - old > XML_LIMIT_BYTES - xml_held) {
        xml_refused = 1;
        return NULL;
    }
    h = realloc(h, sizeof(*h) + n);
    if (!h)
        return NULL;
    xml_held = xml_held - old + n;
    h->size = n;
    return h + 1;
}

static const XML_Memory_Handling_Suite xml_memory = {xml_malloc, xml_realloc, xml_free};

XML_Parser xml_limit_parser(void)
{
    xml_refused = 0;
    return XML_ParserCreate_MM(NULL, &xml_memory, NULL);
}

int xml_limit_refused(void)
{
    return xml_refused;
}
