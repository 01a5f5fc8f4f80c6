/* refdata: look-up of the embedded reference files. */
#include "core/refdata.h"

#include <string.h>

const struct refdata_file *refdata_find(const char *name)
{
    for (const struct refdata_file *f = refdata_files; f->name; f++)
        if (strcmp(f->name, name) == 0)
            return f;
    return NULL;
}
