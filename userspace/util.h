/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vnicctl - error reporting and argument parsing helpers.
 */
#ifndef VNICCTL_UTIL_H
#define VNICCTL_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MAC_LEN		6
#define MAC_STR_LEN	18	/* "aa:bb:cc:dd:ee:ff" plus NUL */

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define STR(x)		#x
#define XSTR(x)		STR(x)

void pr_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void pr_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

int parse_mac(const char *s, uint8_t mac[MAC_LEN]);
void format_mac(char buf[MAC_STR_LEN], const uint8_t mac[MAC_LEN]);

int parse_u32(const char *s, uint32_t *val);

int parse_mode(const char *s, uint32_t *mode);
const char *mode_name(uint32_t mode);

const char *ifname_problem(const char *name);
bool check_ifname(const char *name);

#endif /* VNICCTL_UTIL_H */
