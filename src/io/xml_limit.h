/*
 * xml_limit: expat with its memory counted, for the workbook readers
 * (xlsx_reader, ods_reader). Private to src/io.
 *
 * expat holds a start tag (all its attributes), a comment or a processing
 * instruction whole until its end, and scans it again at each new chunk;
 * text comes to the handlers in pieces. So its allocations are counted:
 * past XML_LIMIT_BYTES they fail, expat stops with XML_ERROR_NO_MEMORY and
 * xml_limit_refused() tells that it was the limit. One count for the
 * process, which reads one workbook at a time (a parser needs a few
 * hundred kB).
 */
#ifndef IO_XML_LIMIT_H
#define IO_XML_LIMIT_H

#include <expat.h>

#define XML_LIMIT_BYTES (8 * 1024 * 1024)

/* A parser whose memory is counted; free it with XML_ParserFree. Clears
 * the refusal of an earlier parser. */
XML_Parser xml_limit_parser(void);

/* Whether an allocation was refused for the limit since xml_limit_parser. */
int xml_limit_refused(void);

#endif
