// SPDX-License-Identifier: GPL-2.0
/*
 * vnicctl - error reporting and argument parsing helpers.
 *
 * Nothing in here talks to the kernel, so it is linked into the unit test
 * binary as well.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/vnic.h>

#include "util.h"

static void vpr(const char *prefix, const char *fmt, va_list ap)
{
	fprintf(stderr, "vnicctl: %s", prefix);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

/* Print one "vnicctl: <message>" line on stderr. */
void pr_err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vpr("", fmt, ap);
	va_end(ap);
}

void pr_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vpr("warning: ", fmt, ap);
	va_end(ap);
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower((unsigned char)c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/*
 * Parse "aa:bb:cc:dd:ee:ff": six groups of exactly two hex digits,
 * case-insensitive, separated by colons. Returns 0 or -EINVAL.
 */
int parse_mac(const char *s, uint8_t mac[MAC_LEN])
{
	int i, hi, lo;

	for (i = 0; i < MAC_LEN; i++) {
		hi = hexval(s[0]);
		if (hi < 0)
			return -EINVAL;
		lo = hexval(s[1]);
		if (lo < 0)
			return -EINVAL;
		mac[i] = hi << 4 | lo;
		s += 2;
		if (i < MAC_LEN - 1 && *s++ != ':')
			return -EINVAL;
	}
	return *s ? -EINVAL : 0;
}

void format_mac(char buf[MAC_STR_LEN], const uint8_t mac[MAC_LEN])
{
	snprintf(buf, MAC_STR_LEN, "%02x:%02x:%02x:%02x:%02x:%02x",
		 mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
}

/* Parse a plain decimal u32: no sign, no blanks, no trailing junk. */
int parse_u32(const char *s, uint32_t *val)
{
	unsigned long long v;
	char *end;

	if (!isdigit((unsigned char)*s))
		return -EINVAL;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || *end || v > UINT32_MAX)
		return -ERANGE;
	*val = v;
	return 0;
}

static const char *const mode_names[] = {
	[VNIC_MODE_PRIVATE]	= "private",
	[VNIC_MODE_BRIDGE]	= "bridge",
};

int parse_mode(const char *s, uint32_t *mode)
{
	uint32_t i;

	for (i = 0; i < ARRAY_SIZE(mode_names); i++) {
		if (!strcmp(s, mode_names[i])) {
			*mode = i;
			return 0;
		}
	}
	return -EINVAL;
}

const char *mode_name(uint32_t mode)
{
	if (mode < ARRAY_SIZE(mode_names))
		return mode_names[mode];
	return "unknown";
}

/*
 * Mirror the kernel's dev_valid_name(): returns NULL if @name is usable
 * as an interface name, else a description of the problem.
 */
const char *ifname_problem(const char *name)
{
	const char *p;

	if (!*name)
		return "is empty";
	if (strlen(name) > VNIC_MAX_NAME_LEN)
		return "is too long (max " XSTR(VNIC_MAX_NAME_LEN)
		       " characters)";
	if (!strcmp(name, ".") || !strcmp(name, ".."))
		return "is not allowed";
	for (p = name; *p; p++) {
		if (*p == '/' || *p == ':' || isspace((unsigned char)*p))
			return "contains an invalid character";
	}
	return NULL;
}

/* Check a vnic name given on the command line, report if unusable. */
bool check_ifname(const char *name)
{
	const char *problem = ifname_problem(name);

	if (problem)
		pr_err("vnic name \"%s\" %s", name, problem);
	return !problem;
}
