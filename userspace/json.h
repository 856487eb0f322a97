/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vnicctl - minimal streaming JSON writer.
 */
#ifndef VNICCTL_JSON_H
#define VNICCTL_JSON_H

#include <stdbool.h>
#include <stdio.h>

struct json {
	FILE *f;
	bool pretty;		/* one member per line, 2-space indent */
	bool after_key;		/* next value follows "key": */
	bool need_comma;	/* the current container is not empty */
	unsigned int depth;
};

void json_init(struct json *j, FILE *f, bool pretty);

void json_begin_array(struct json *j);
void json_end_array(struct json *j);
void json_begin_object(struct json *j);
void json_end_object(struct json *j);

void json_key(struct json *j, const char *key);
void json_str(struct json *j, const char *s);
void json_uint(struct json *j, unsigned long long v);
void json_int(struct json *j, long long v);
void json_bool(struct json *j, bool v);

void json_kv_str(struct json *j, const char *key, const char *s);
void json_kv_uint(struct json *j, const char *key, unsigned long long v);
void json_kv_int(struct json *j, const char *key, long long v);
void json_kv_bool(struct json *j, const char *key, bool v);

void json_print_string(FILE *f, const char *s);

#endif /* VNICCTL_JSON_H */
