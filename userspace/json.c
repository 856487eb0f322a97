// SPDX-License-Identifier: GPL-2.0
/*
 * vnicctl - minimal streaming JSON writer.
 *
 * Compact output is a single line; pretty output puts every member on a
 * line of its own. A newline ends the top-level value.
 */
#include <stdint.h>

#include "json.h"

void json_init(struct json *j, FILE *f, bool pretty)
{
	j->f = f;
	j->pretty = pretty;
	j->after_key = false;
	j->need_comma = false;
	j->depth = 0;
}

static void json_newline(struct json *j)
{
	unsigned int i;

	fputc('\n', j->f);
	for (i = 0; i < j->depth; i++)
		fputs("  ", j->f);
}

/* Emit what has to precede a value or key at the current position. */
static void json_sep(struct json *j)
{
	if (j->after_key) {
		j->after_key = false;
		return;
	}
	if (j->need_comma)
		fputc(',', j->f);
	if (j->pretty && j->depth)
		json_newline(j);
}

static void json_value_done(struct json *j)
{
	j->need_comma = true;
	if (!j->depth)
		fputc('\n', j->f);
}

static void json_begin(struct json *j, char c)
{
	json_sep(j);
	fputc(c, j->f);
	j->depth++;
	j->need_comma = false;
}

static void json_end(struct json *j, char c)
{
	j->depth--;
	if (j->pretty && j->need_comma)
		json_newline(j);
	fputc(c, j->f);
	json_value_done(j);
}

void json_begin_array(struct json *j)
{
	json_begin(j, '[');
}

void json_end_array(struct json *j)
{
	json_end(j, ']');
}

void json_begin_object(struct json *j)
{
	json_begin(j, '{');
}

void json_end_object(struct json *j)
{
	json_end(j, '}');
}

void json_key(struct json *j, const char *key)
{
	json_sep(j);
	json_print_string(j->f, key);
	fputs(j->pretty ? ": " : ":", j->f);
	j->after_key = true;
}

void json_str(struct json *j, const char *s)
{
	json_sep(j);
	json_print_string(j->f, s);
	json_value_done(j);
}

void json_uint(struct json *j, unsigned long long v)
{
	json_sep(j);
	fprintf(j->f, "%llu", v);
	json_value_done(j);
}

void json_int(struct json *j, long long v)
{
	json_sep(j);
	fprintf(j->f, "%lld", v);
	json_value_done(j);
}

void json_bool(struct json *j, bool v)
{
	json_sep(j);
	fputs(v ? "true" : "false", j->f);
	json_value_done(j);
}

void json_kv_str(struct json *j, const char *key, const char *s)
{
	json_key(j, key);
	json_str(j, s);
}

void json_kv_uint(struct json *j, const char *key, unsigned long long v)
{
	json_key(j, key);
	json_uint(j, v);
}

void json_kv_int(struct json *j, const char *key, long long v)
{
	json_key(j, key);
	json_int(j, v);
}

void json_kv_bool(struct json *j, const char *key, bool v)
{
	json_key(j, key);
	json_bool(j, v);
}

static bool in_range(uint8_t c, uint8_t lo, uint8_t hi)
{
	return c >= lo && c <= hi;
}

/*
 * Length of the well-formed UTF-8 sequence at @s (RFC 3629: no overlong
 * forms, no surrogates, nothing above U+10FFFF), or 0 if it is malformed.
 */
static int utf8_len(const uint8_t *s)
{
	uint8_t lo = 0x80, hi = 0xbf;
	int n, i;

	if (s[0] < 0x80)
		return 1;
	if (in_range(s[0], 0xc2, 0xdf))
		n = 2;
	else if (in_range(s[0], 0xe0, 0xef))
		n = 3;
	else if (in_range(s[0], 0xf0, 0xf4))
		n = 4;
	else
		return 0;

	if (s[0] == 0xe0)
		lo = 0xa0;
	else if (s[0] == 0xed)
		hi = 0x9f;
	else if (s[0] == 0xf0)
		lo = 0x90;
	else if (s[0] == 0xf4)
		hi = 0x8f;

	if (!in_range(s[1], lo, hi))
		return 0;
	for (i = 2; i < n; i++) {
		if (!in_range(s[i], 0x80, 0xbf))
			return 0;
	}
	return n;
}

/*
 * Print @s as a quoted JSON string. Control characters are escaped, and
 * bytes that are not valid UTF-8 (interface names are arbitrary bytes)
 * become U+FFFD so the output is always valid JSON.
 */
void json_print_string(FILE *f, const char *str)
{
	const uint8_t *s = (const uint8_t *)str;
	int n;

	fputc('"', f);
	while (*s) {
		switch (*s) {
		case '"':
			fputs("\\\"", f);
			break;
		case '\\':
			fputs("\\\\", f);
			break;
		case '\b':
			fputs("\\b", f);
			break;
		case '\f':
			fputs("\\f", f);
			break;
		case '\n':
			fputs("\\n", f);
			break;
		case '\r':
			fputs("\\r", f);
			break;
		case '\t':
			fputs("\\t", f);
			break;
		default:
			if (*s < 0x20) {
				fprintf(f, "\\u%04x", *s);
				break;
			}
			n = utf8_len(s);
			if (!n) {
				fputs("\\ufffd", f);
				break;
			}
			fwrite(s, 1, n, f);
			s += n;
			continue;
		}
		s++;
	}
	fputc('"', f);
}
