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
#include <strings.h>

#include <arpa/inet.h>
#include <sys/socket.h>

#include <linux/vnic.h>

#include "util.h"

FILE *pr_stream;
unsigned long pr_line;

static void vpr(const char *prefix, const char *fmt, va_list ap)
{
	FILE *f = pr_stream ? pr_stream : stderr;

	if (pr_line)
		fprintf(f, "vnicctl: line %lu: %s", pr_line, prefix);
	else
		fprintf(f, "vnicctl: %s", prefix);
	vfprintf(f, fmt, ap);
	fputc('\n', f);
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

/* Parse a MAC address given on the command line, report if invalid. */
int mac_arg(const char *s, uint8_t mac[MAC_LEN])
{
	if (!parse_mac(s, mac))
		return 0;
	pr_err("invalid MAC address \"%s\": expected aa:bb:cc:dd:ee:ff", s);
	return -EINVAL;
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

/*
 * Units of RATE (bits per second) and of SIZE (bytes), those of tc(8),
 * matched case-insensitively: a value is NUMBER * mult / div.
 */
struct num_unit {
	const char *name;
	uint64_t mult;
	uint64_t div;
};

#define KILO	1000ull
#define KIBI	1024ull

static const struct num_unit rate_units[] = {
	{ "",		1,				1 },
	{ "bit",	1,				1 },
	{ "kbit",	KILO,				1 },
	{ "mbit",	KILO * KILO,			1 },
	{ "gbit",	KILO * KILO * KILO,		1 },
	{ "tbit",	KILO * KILO * KILO * KILO,	1 },
	{ "kibit",	KIBI,				1 },
	{ "mibit",	KIBI * KIBI,			1 },
	{ "gibit",	KIBI * KIBI * KIBI,		1 },
	{ "tibit",	KIBI * KIBI * KIBI * KIBI,	1 },
	{ "bps",	8,				1 },
	{ "kbps",	8 * KILO,			1 },
	{ "mbps",	8 * KILO * KILO,		1 },
	{ "gbps",	8 * KILO * KILO * KILO,		1 },
	{ "tbps",	8 * KILO * KILO * KILO * KILO,	1 },
	{ "kibps",	8 * KIBI,			1 },
	{ "mibps",	8 * KIBI * KIBI,		1 },
	{ "gibps",	8 * KIBI * KIBI * KIBI,		1 },
	{ "tibps",	8 * KIBI * KIBI * KIBI * KIBI,	1 },
};

static const struct num_unit size_units[] = {
	{ "",		1,			1 },
	{ "b",		1,			1 },
	{ "k",		KIBI,			1 },
	{ "kb",		KIBI,			1 },
	{ "m",		KIBI * KIBI,		1 },
	{ "mb",		KIBI * KIBI,		1 },
	{ "g",		KIBI * KIBI * KIBI,	1 },
	{ "gb",		KIBI * KIBI * KIBI,	1 },
	{ "kbit",	KILO,			8 },
	{ "mbit",	KILO * KILO,		8 },
	{ "gbit",	KILO * KILO * KILO,	8 },
};

/*
 * Parse "NUMBER[UNIT]": decimal digits with an optional fraction, at
 * least one digit in all, no sign or blank, then one of the @n units.
 * The value, NUMBER * mult / div, is computed exactly and rounded down,
 * but to 1 rather than 0 if NUMBER is not zero: a tiny rate is not "none".
 * Returns 0, -EINVAL if @s does not start with a number, -ENOENT if the
 * unit is unknown (*unit then points at it), -ERANGE if the value is
 * above @max.
 */
static int parse_num_unit(const char *s, const struct num_unit *units,
			  size_t n, uint64_t max, uint64_t *val,
			  const char **unit)
{
	const char *p = s, *int_end, *frac = NULL, *frac_end;
	const struct num_unit *u = NULL;
	uint64_t ip = 0, fp = 0, v;
	bool nonzero = false;
	size_t i;

	while (isdigit((unsigned char)*p))
		p++;
	int_end = p;
	if (*p == '.') {
		frac = ++p;
		while (isdigit((unsigned char)*p))
			p++;
	}
	frac_end = p;
	if (int_end == s && (!frac || frac_end == frac))
		return -EINVAL;

	*unit = p;
	for (i = 0; i < n; i++) {
		if (!strcasecmp(p, units[i].name)) {
			u = &units[i];
			break;
		}
	}
	if (!u)
		return -ENOENT;

	for (p = s; p < int_end; p++) {
		nonzero |= *p != '0';
		if (__builtin_mul_overflow(ip, 10, &ip) ||
		    __builtin_add_overflow(ip, (uint64_t)(*p - '0'), &ip))
			return -ERANGE;
	}
	if (__builtin_mul_overflow(ip, u->mult, &v))
		return -ERANGE;

	/*
	 * mult * 0.d1d2...dk rounded down, from the last digit back:
	 * floor((d * mult + floor(x)) / 10) == floor((d * mult + x) / 10).
	 * Each step stays below 10 * mult, far from overflowing.
	 */
	for (p = frac_end; frac && p > frac; ) {
		p--;
		nonzero |= *p != '0';
		fp = ((uint64_t)(*p - '0') * u->mult + fp) / 10;
	}
	if (__builtin_add_overflow(v, fp, &v))
		return -ERANGE;
	v /= u->div;
	if (v > max)
		return -ERANGE;
	*val = v || !nonzero ? v : 1;
	return 0;
}

/*
 * Parse a RATE, tc-style, into bits per second: a non-negative decimal
 * number, fractions allowed, and a unit: none or "bit"; "kbit" ... "tbit"
 * (powers of 1000); "kibit" ... "tibit" (powers of 1024); "bps" (bytes
 * per second), "kbps" ... "tbps", "kibps" ... "tibps". Returns as
 * parse_num_unit().
 */
int parse_rate(const char *s, uint64_t *bps, const char **unit)
{
	return parse_num_unit(s, rate_units, ARRAY_SIZE(rate_units),
			      UINT64_MAX, bps, unit);
}

/*
 * Parse a SIZE, tc-style, into bytes: a number as for parse_rate() and a
 * unit: none or "b"; "k" or "kb", "m" or "mb", "g" or "gb" (powers of
 * 1024); "kbit", "mbit", "gbit" (bits, powers of 1000). At most
 * UINT32_MAX.
 */
int parse_size(const char *s, uint32_t *bytes, const char **unit)
{
	uint64_t v;
	int err;

	err = parse_num_unit(s, size_units, ARRAY_SIZE(size_units),
			     UINT32_MAX, &v, unit);
	if (!err)
		*bytes = v;
	return err;
}

static void num_unit_err(const char *kw, const char *s, const char *what,
			 int err, const char *unit)
{
	switch (err) {
	case -ENOENT:
		pr_err("%s \"%s\": unknown unit \"%s\"", kw, s, unit);
		break;
	case -ERANGE:
		pr_err("%s \"%s\": too large", kw, s);
		break;
	default:
		pr_err("%s \"%s\": not a valid %s", kw, s, what);
		break;
	}
}

/* Parse the RATE of option @kw given on the command line, report if bad. */
int rate_arg(const char *kw, const char *s, uint64_t *bps)
{
	const char *unit = "";
	int err = parse_rate(s, bps, &unit);

	if (err)
		num_unit_err(kw, s, "rate", err, unit);
	return err;
}

/* Parse the SIZE of option @kw given on the command line, report if bad. */
int size_arg(const char *kw, const char *s, uint32_t *bytes)
{
	const char *unit = "";
	int err = parse_size(s, bytes, &unit);

	if (err)
		num_unit_err(kw, s, "size", err, unit);
	return err;
}

/*
 * Print a rate like tc: in the largest of bit, Kbit, Mbit, Gbit, Tbit
 * (powers of 1000) that is not above it, with at most 3 decimals, rounded
 * to the nearest, without trailing zeros: "800bit", "1.5Mbit", "10Gbit".
 */
void format_rate(char buf[RATE_STR_LEN], uint64_t bps)
{
	static const char *const prefix[] = { "", "K", "M", "G", "T" };
	uint64_t div = 1, whole, milli;
	unsigned int i = 0;
	int len;

	while (i < ARRAY_SIZE(prefix) - 1 && bps / div >= KILO) {
		div *= KILO;
		i++;
	}
	whole = bps / div;
	/* The remainder is below 10^12, times 1000 it still fits. */
	milli = div > 1 ? (bps % div * KILO + div / 2) / div : 0;
	if (milli == KILO) {
		whole++;
		milli = 0;
		if (whole == KILO && i < ARRAY_SIZE(prefix) - 1) {
			whole = 1;
			i++;
		}
	}
	len = snprintf(buf, RATE_STR_LEN, "%llu", (unsigned long long)whole);
	if (milli) {
		len += snprintf(buf + len, RATE_STR_LEN - len, ".%03llu",
				(unsigned long long)milli);
		while (buf[len - 1] == '0')
			buf[--len] = '\0';
	}
	snprintf(buf + len, RATE_STR_LEN - len, "%sbit", prefix[i]);
}

/*
 * Print a size like tc: in Gb, Mb or Kb (powers of 1024) when it is a
 * multiple of one, else in bytes: "64Kb", "1Mb", "1514b". Exact, so that
 * it reads back as the same size.
 */
void format_size(char buf[SIZE_STR_LEN], uint32_t bytes)
{
	if (bytes && !(bytes % (KIBI * KIBI * KIBI)))
		snprintf(buf, SIZE_STR_LEN, "%uGb",
			 (unsigned int)(bytes / (KIBI * KIBI * KIBI)));
	else if (bytes && !(bytes % (KIBI * KIBI)))
		snprintf(buf, SIZE_STR_LEN, "%uMb",
			 (unsigned int)(bytes / (KIBI * KIBI)));
	else if (bytes && !(bytes % KIBI))
		snprintf(buf, SIZE_STR_LEN, "%uKb",
			 (unsigned int)(bytes / KIBI));
	else
		snprintf(buf, SIZE_STR_LEN, "%ub", bytes);
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

int parse_onoff(const char *s, bool *on)
{
	if (!strcmp(s, "on"))
		*on = true;
	else if (!strcmp(s, "off"))
		*on = false;
	else
		return -EINVAL;
	return 0;
}

const char *onoff(bool on)
{
	return on ? "on" : "off";
}

/* Smallest Ethernet II ethertype; smaller values are 802.3 lengths. */
#define ETHERTYPE_MIN	0x0600

static const struct {
	uint16_t type;
	const char *name;
} ethertypes[] = {
	{ 0x0800, "ipv4" },
	{ 0x0806, "arp" },
	{ 0x86dd, "ipv6" },
	{ 0x88cc, "lldp" },
	{ 0x8847, "mpls" },
	{ 0x8863, "pppoe-disc" },
	{ 0x8864, "pppoe" },
	{ 0x88f7, "ptp" },
	{ 0x8906, "fcoe" },
	{ 0x8915, "roce" },
};

/*
 * Parse one ethertype: a name from the table above, or "0x" and one to
 * four hex digits, from 0x0600 to 0xffff. Returns 0, -EINVAL for junk or
 * -ERANGE for a number below 0x0600.
 */
int parse_ethertype(const char *s, uint16_t *type)
{
	unsigned int v = 0;
	size_t i;
	int d;

	for (i = 0; i < ARRAY_SIZE(ethertypes); i++) {
		if (!strcmp(s, ethertypes[i].name)) {
			*type = ethertypes[i].type;
			return 0;
		}
	}

	if (s[0] != '0' || (s[1] != 'x' && s[1] != 'X') || !s[2])
		return -EINVAL;
	for (i = 2; s[i]; i++) {
		d = hexval(s[i]);
		if (d < 0 || i >= 6)
			return -EINVAL;
		v = v << 4 | d;
	}
	if (v < ETHERTYPE_MIN)
		return -ERANGE;
	*type = v;
	return 0;
}

/* The name of a well-known ethertype, or NULL. */
const char *ethertype_name(uint16_t type)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(ethertypes); i++) {
		if (ethertypes[i].type == type)
			return ethertypes[i].name;
	}
	return NULL;
}

/* The name of @type if it has one, else 0xNNNN. */
void format_ethertype(char buf[ETHERTYPE_STR_LEN], uint16_t type)
{
	const char *name = ethertype_name(type);

	if (name)
		snprintf(buf, ETHERTYPE_STR_LEN, "%s", name);
	else
		snprintf(buf, ETHERTYPE_STR_LEN, "0x%04x", type);
}

/* "ipv4, arp, ...": the known names, for error messages. */
void format_ethertype_names(char *buf, size_t size)
{
	size_t i, len = 0;
	int n;

	buf[0] = '\0';
	for (i = 0; i < ARRAY_SIZE(ethertypes) && len < size; i++) {
		n = snprintf(buf + len, size - len, "%s%s", i ? ", " : "",
			     ethertypes[i].name);
		if (n < 0)
			break;
		len += n;
	}
}

size_t prefix_addr_len(const struct ip_prefix *p)
{
	return p->family == AF_INET ? 4 : 16;
}

/*
 * Parse "ADDRESS[/LENGTH]", an IPv4 or IPv6 prefix; the length defaults
 * to that of the whole address, and bits of the address beyond the length
 * must be zero. Returns NULL, or a description of the problem.
 */
const char *parse_prefix(const char *s, struct ip_prefix *p)
{
	const char *slash = strchr(s, '/');
	size_t len = slash ? (size_t)(slash - s) : strlen(s);
	char addr[INET6_ADDRSTRLEN];
	unsigned int max, i;
	uint32_t plen;

	memset(p, 0, sizeof(*p));
	if (len >= sizeof(addr))
		return "not an IPv4 or IPv6 address";
	memcpy(addr, s, len);
	addr[len] = '\0';

	if (inet_pton(AF_INET, addr, p->addr) == 1) {
		p->family = AF_INET;
		max = 32;
	} else if (inet_pton(AF_INET6, addr, p->addr) == 1) {
		p->family = AF_INET6;
		max = 128;
	} else {
		return "not an IPv4 or IPv6 address";
	}

	plen = max;
	if (slash && (parse_u32(slash + 1, &plen) || plen > max)) {
		return p->family == AF_INET ?
		       "invalid prefix length (0 to 32)" :
		       "invalid prefix length (0 to 128)";
	}
	p->plen = plen;

	for (i = plen; i < max; i++) {
		if (p->addr[i / 8] & (0x80 >> (i % 8)))
			return "host bits set";
	}
	return NULL;
}

void format_prefix(char buf[PREFIX_STR_LEN], const struct ip_prefix *p)
{
	char addr[INET6_ADDRSTRLEN];

	if (!inet_ntop(p->family, p->addr, addr, sizeof(addr)))
		snprintf(addr, sizeof(addr), "?");
	snprintf(buf, PREFIX_STR_LEN, "%s/%u", addr, p->plen);
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

/* Check a share group name: 1 to 15 bytes, not "none" (no group). */
bool check_group_name(const char *name)
{
	if (!*name || strlen(name) > 15) {
		pr_err("group name \"%s\": expected 1 to 15 characters", name);
		return false;
	}
	if (!strcmp(name, "none")) {
		pr_err("group name \"none\" means no group");
		return false;
	}
	return true;
}
