/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vnicctl - error reporting and argument parsing helpers.
 */
#ifndef VNICCTL_UTIL_H
#define VNICCTL_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define MAC_LEN		6
#define MAC_STR_LEN	18	/* "aa:bb:cc:dd:ee:ff" plus NUL */

/* An IPv4 or IPv6 prefix, as in VNIC_A_ALLOWED_IPS_PREFIX. */
struct ip_prefix {
	int family;		/* AF_INET or AF_INET6 */
	uint8_t plen;
	uint8_t addr[16];	/* network order; 4 bytes used for AF_INET */
};

/* "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255/128" plus NUL */
#define PREFIX_STR_LEN	50
/* "pppoe-disc" or "0xffff", plus NUL */
#define ETHERTYPE_STR_LEN 11
/* "18446744.074Tbit" (UINT64_MAX bit/s), with room to spare */
#define RATE_STR_LEN	24
/* "4294967295b" plus NUL */
#define SIZE_STR_LEN	12

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define STR(x)		#x
#define XSTR(x)		STR(x)

/* Where pr_err() and pr_warn() write; NULL means stderr (for the tests). */
extern FILE *pr_stream;
/* Batch mode: the line being run (messages name it), 0 otherwise. */
extern unsigned long pr_line;

void pr_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void pr_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

int parse_mac(const char *s, uint8_t mac[MAC_LEN]);
void format_mac(char buf[MAC_STR_LEN], const uint8_t mac[MAC_LEN]);
int mac_arg(const char *s, uint8_t mac[MAC_LEN]);

int parse_u32(const char *s, uint32_t *val);

int parse_rate(const char *s, uint64_t *bps, const char **unit);
int parse_size(const char *s, uint32_t *bytes, const char **unit);
int rate_arg(const char *kw, const char *s, uint64_t *bps);
int size_arg(const char *kw, const char *s, uint32_t *bytes);
void format_rate(char buf[RATE_STR_LEN], uint64_t bps);
void format_size(char buf[SIZE_STR_LEN], uint32_t bytes);

int parse_mode(const char *s, uint32_t *mode);
const char *mode_name(uint32_t mode);

int parse_onoff(const char *s, bool *on);
const char *onoff(bool on);

int parse_ethertype(const char *s, uint16_t *type);
const char *ethertype_name(uint16_t type);
void format_ethertype(char buf[ETHERTYPE_STR_LEN], uint16_t type);
void format_ethertype_names(char *buf, size_t size);

const char *parse_prefix(const char *s, struct ip_prefix *p);
size_t prefix_addr_len(const struct ip_prefix *p);
void format_prefix(char buf[PREFIX_STR_LEN], const struct ip_prefix *p);

const char *ifname_problem(const char *name);
bool check_ifname(const char *name);
bool check_group_name(const char *name);

#endif /* VNICCTL_UTIL_H */
