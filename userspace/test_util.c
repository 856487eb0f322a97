// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for the MAC/number/name/rate/size parsers and printers, the
 * policy options, their netlink encoding and decoding, and the JSON writer.
 * Needs no kernel support: run with "make test". The netlink sender test
 * uses real generic netlink sockets (in a netns of its own if it can).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sys/socket.h>

#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/vnic.h>

#include "attr_names.h"
#include "batch.h"
#include "dev.h"
#include "extack.h"
#include "json.h"
#include "nl.h"
#include "parent.h"
#include "policy.h"
#include "stats.h"
#include "util.h"
#include "vnicctl.h"

#include "unit.h"

static void check_mac(const char *s, const char *want)
{
	uint8_t mac[MAC_LEN];
	char buf[MAC_STR_LEN];
	int ret = parse_mac(s, mac);

	if (!want) {
		check(ret != 0, s, __LINE__);
		return;
	}
	format_mac(buf, mac);
	check(ret == 0 && !strcmp(buf, want), s, __LINE__);
}

static void test_mac(void)
{
	check_mac("00:11:22:33:44:55", "00:11:22:33:44:55");
	check_mac("AA:bb:Cc:dD:ee:FF", "aa:bb:cc:dd:ee:ff");
	check_mac("02:00:00:00:00:01", "02:00:00:00:00:01");
	check_mac("", NULL);
	check_mac("00:11:22:33:44", NULL);
	check_mac("00:11:22:33:44:", NULL);
	check_mac("00:11:22:33:44:55:", NULL);
	check_mac("00:11:22:33:44:55:66", NULL);
	check_mac("00-11-22-33-44-55", NULL);
	check_mac("0:11:22:33:44:55", NULL);
	check_mac("000:11:22:33:44:55", NULL);
	check_mac("00:11:22:33:44:5g", NULL);
	check_mac("001122334455", NULL);
	check_mac(" 00:11:22:33:44:55", NULL);
}

static void test_parse(void)
{
	uint32_t v = 0;

	CHECK(parse_u32("1", &v) == 0 && v == 1);
	CHECK(parse_u32("4294967295", &v) == 0 && v == 4294967295u);
	CHECK(parse_u32("4294967296", &v) != 0);
	CHECK(parse_u32("", &v) != 0);
	CHECK(parse_u32("-1", &v) != 0);
	CHECK(parse_u32("+1", &v) != 0);
	CHECK(parse_u32(" 1", &v) != 0);
	CHECK(parse_u32("1x", &v) != 0);

	CHECK(parse_mode("private", &v) == 0 && v == 0);
	CHECK(parse_mode("bridge", &v) == 0 && v == 1);
	CHECK(parse_mode("Bridge", &v) != 0);
	CHECK(parse_mode("vepa", &v) != 0);
	CHECK(!strcmp(mode_name(1), "bridge"));
	CHECK(!strcmp(mode_name(7), "unknown"));

	CHECK(ifname_problem("vnic0") == NULL);
	CHECK(ifname_problem("abcdefghijklmno") == NULL);
	CHECK(ifname_problem("abcdefghijklmnop") != NULL);
	CHECK(ifname_problem("") != NULL);
	CHECK(ifname_problem("..") != NULL);
	CHECK(ifname_problem("a/b") != NULL);
	CHECK(ifname_problem("a:b") != NULL);
	CHECK(ifname_problem("a b") != NULL);
}

/*
 * Error messages: err_begin() sends pr_err() output to memory, err_end()
 * compares it with @want ("" for no message) and restores stderr.
 */
static char *err_buf;
static size_t err_len;

static void err_begin(void)
{
	pr_stream = open_memstream(&err_buf, &err_len);
}

static void err_end(const char *want, int line)
{
	if (!pr_stream) {
		check(0, "open_memstream", line);
		return;
	}
	fclose(pr_stream);
	pr_stream = NULL;
	if (strcmp(err_buf, want))
		printf("  got:  %s  want: %s\n", err_buf, want);
	check(!strcmp(err_buf, want), want, line);
	free(err_buf);
	err_buf = NULL;
}

static void test_onoff(void)
{
	bool on = false;

	CHECK(parse_onoff("on", &on) == 0 && on);
	CHECK(parse_onoff("off", &on) == 0 && !on);
	CHECK(parse_onoff("On", &on) != 0);
	CHECK(parse_onoff("1", &on) != 0);
	CHECK(parse_onoff("", &on) != 0);
	CHECK(parse_onoff("onn", &on) != 0);
	CHECK(!strcmp(onoff(true), "on") && !strcmp(onoff(false), "off"));
}

static void test_ethertype(void)
{
	char buf[ETHERTYPE_STR_LEN];
	uint16_t t = 0;

	CHECK(parse_ethertype("ipv4", &t) == 0 && t == 0x0800);
	CHECK(parse_ethertype("arp", &t) == 0 && t == 0x0806);
	CHECK(parse_ethertype("ipv6", &t) == 0 && t == 0x86dd);
	CHECK(parse_ethertype("lldp", &t) == 0 && t == 0x88cc);
	CHECK(parse_ethertype("mpls", &t) == 0 && t == 0x8847);
	CHECK(parse_ethertype("pppoe-disc", &t) == 0 && t == 0x8863);
	CHECK(parse_ethertype("pppoe", &t) == 0 && t == 0x8864);
	CHECK(parse_ethertype("ptp", &t) == 0 && t == 0x88f7);
	CHECK(parse_ethertype("fcoe", &t) == 0 && t == 0x8906);
	CHECK(parse_ethertype("roce", &t) == 0 && t == 0x8915);
	CHECK(parse_ethertype("0x0600", &t) == 0 && t == 0x0600);
	CHECK(parse_ethertype("0x600", &t) == 0 && t == 0x0600);
	CHECK(parse_ethertype("0xffff", &t) == 0 && t == 0xffff);
	CHECK(parse_ethertype("0X88B5", &t) == 0 && t == 0x88b5);
	CHECK(parse_ethertype("0x05ff", &t) == -ERANGE);
	CHECK(parse_ethertype("0x0", &t) == -ERANGE);
	CHECK(parse_ethertype("0x10000", &t) == -EINVAL);
	CHECK(parse_ethertype("0x00800", &t) == -EINVAL);
	CHECK(parse_ethertype("0x", &t) == -EINVAL);
	CHECK(parse_ethertype("0x08g0", &t) == -EINVAL);
	CHECK(parse_ethertype("2048", &t) == -EINVAL);
	CHECK(parse_ethertype("IPv4", &t) == -EINVAL);
	CHECK(parse_ethertype("", &t) == -EINVAL);
	CHECK(parse_ethertype("any", &t) == -EINVAL);

	CHECK(ethertype_name(0x86dd) && !strcmp(ethertype_name(0x86dd), "ipv6"));
	CHECK(ethertype_name(0x88b5) == NULL);
	format_ethertype(buf, 0x0806);
	CHECK(!strcmp(buf, "arp"));
	format_ethertype(buf, 0x88b5);
	CHECK(!strcmp(buf, "0x88b5"));
	format_ethertype(buf, 0x0600);
	CHECK(!strcmp(buf, "0x0600"));
}

static void check_prefix(const char *s, const char *want, int line)
{
	char buf[PREFIX_STR_LEN];
	struct ip_prefix p;
	const char *problem = parse_prefix(s, &p);

	if (problem) {
		printf("  %s: %s\n", s, problem);
		check(0, s, line);
		return;
	}
	format_prefix(buf, &p);
	if (strcmp(buf, want))
		printf("  got:  %s\n  want: %s\n", buf, want);
	check(!strcmp(buf, want), s, line);
}

static void check_prefix_err(const char *s, const char *want, int line)
{
	struct ip_prefix p;
	const char *problem = parse_prefix(s, &p);

	if (!problem || strcmp(problem, want))
		printf("  %s: got \"%s\", want \"%s\"\n", s,
		       problem ? problem : "(ok)", want);
	check(problem && !strcmp(problem, want), s, line);
}

#define CHECK_PREFIX(s, want)	check_prefix(s, want, __LINE__)
#define CHECK_PREFIX_ERR(s, want) check_prefix_err(s, want, __LINE__)

static void test_prefix(void)
{
	static const char bad_addr[] = "not an IPv4 or IPv6 address";
	static const char host_bits[] = "host bits set";
	static const char bad_len4[] = "invalid prefix length (0 to 32)";
	static const char bad_len6[] = "invalid prefix length (0 to 128)";
	struct ip_prefix p;

	CHECK_PREFIX("10.0.0.2", "10.0.0.2/32");
	CHECK_PREFIX("10.0.0.2/32", "10.0.0.2/32");
	CHECK_PREFIX("10.0.0.0/24", "10.0.0.0/24");
	CHECK_PREFIX("10.0.0.128/25", "10.0.0.128/25");
	CHECK_PREFIX("0.0.0.0/0", "0.0.0.0/0");
	CHECK_PREFIX("192.168.0.0/16", "192.168.0.0/16");
	CHECK_PREFIX("2001:db8::2", "2001:db8::2/128");
	CHECK_PREFIX("2001:DB8::2/128", "2001:db8::2/128");
	CHECK_PREFIX("2001:db8::/32", "2001:db8::/32");
	CHECK_PREFIX("2001:db8:0:1::/64", "2001:db8:0:1::/64");
	CHECK_PREFIX("::/0", "::/0");
	CHECK_PREFIX("fe80::/10", "fe80::/10");
	CHECK_PREFIX("::ffff:10.0.0.1", "::ffff:10.0.0.1/128");

	CHECK(parse_prefix("10.1.2.3", &p) == NULL && p.family == AF_INET &&
	      p.plen == 32 && prefix_addr_len(&p) == 4 &&
	      !memcmp(p.addr, "\x0a\x01\x02\x03", 4));
	CHECK(parse_prefix("2001:db8::1/128", &p) == NULL &&
	      p.family == AF_INET6 && p.plen == 128 &&
	      prefix_addr_len(&p) == 16 &&
	      !memcmp(p.addr, "\x20\x01\x0d\xb8", 4) && p.addr[15] == 1);

	CHECK_PREFIX_ERR("10.0.0.1/24", host_bits);
	CHECK_PREFIX_ERR("10.0.0.1/0", host_bits);
	CHECK_PREFIX_ERR("10.0.0.128/24", host_bits);
	CHECK_PREFIX_ERR("10.0.0.1/31", host_bits);
	CHECK_PREFIX_ERR("2001:db8::1/64", host_bits);
	CHECK_PREFIX_ERR("2001:db8::1/127", host_bits);
	CHECK_PREFIX_ERR("fe80::1/10", host_bits);
	CHECK_PREFIX_ERR("10.0.0.0/33", bad_len4);
	CHECK_PREFIX_ERR("10.0.0.0/", bad_len4);
	CHECK_PREFIX_ERR("10.0.0.0/-1", bad_len4);
	CHECK_PREFIX_ERR("10.0.0.0/+8", bad_len4);
	CHECK_PREFIX_ERR("10.0.0.0/8x", bad_len4);
	CHECK_PREFIX_ERR("10.0.0.0/8/8", bad_len4);
	CHECK_PREFIX_ERR("2001:db8::/129", bad_len6);
	CHECK_PREFIX_ERR("2001:db8::/ 64", bad_len6);
	CHECK_PREFIX_ERR("", bad_addr);
	CHECK_PREFIX_ERR("/24", bad_addr);
	CHECK_PREFIX_ERR("foo", bad_addr);
	CHECK_PREFIX_ERR("10.0.0", bad_addr);
	CHECK_PREFIX_ERR("10.0.0.256", bad_addr);
	CHECK_PREFIX_ERR(" 10.0.0.1", bad_addr);
	CHECK_PREFIX_ERR("fe80::1%eth0", bad_addr);
	CHECK_PREFIX_ERR("2001:db8:::1", bad_addr);
	CHECK_PREFIX_ERR("any", bad_addr);
	CHECK_PREFIX_ERR("0123456789012345678901234567890123456789012345678901234567890123456789",
			 bad_addr);
}

/* Every known name and 6 numbers: 16 ethertypes */
#define ALL_16	"ipv4,arp,ipv6,lldp,mpls,pppoe-disc,pppoe,ptp,fcoe,roce," \
		"0x0601,0x0602,0x0603,0x0604,0x0605,0x0606"

static void test_ethertype_list(void)
{
	uint16_t t[VNIC_MAX_ETHERTYPES + 1];
	unsigned int n = 99;

	err_begin();
	CHECK(parse_ethertype_list("ipv4,arp,ipv6", t, &n) == 0 && n == 3 &&
	      t[0] == 0x0800 && t[1] == 0x0806 && t[2] == 0x86dd);
	CHECK(parse_ethertype_list("0x88b5", t, &n) == 0 && n == 1 &&
	      t[0] == 0x88b5);
	CHECK(parse_ethertype_list("any", t, &n) == 0 && n == 0);
	CHECK(parse_ethertype_list(ALL_16, t, &n) == 0 && n == 16 &&
	      t[15] == 0x0606);
	err_end("", __LINE__);

	err_begin();
	CHECK(parse_ethertype_list(ALL_16 ",0x0607", t, &n) != 0);
	err_end("vnicctl: too many ethertypes: at most 16\n", __LINE__);

	err_begin();
	CHECK(parse_ethertype_list("ipv4,foo", t, &n) != 0);
	err_end("vnicctl: invalid ethertype \"foo\": expected ipv4, arp, ipv6, "
		"lldp, mpls, pppoe-disc, pppoe, ptp, fcoe, roce or 0x0600 to 0xffff\n",
		__LINE__);

	err_begin();
	CHECK(parse_ethertype_list("0x05dc", t, &n) != 0);
	err_end("vnicctl: invalid ethertype \"0x05dc\": must be 0x0600 to 0xffff\n",
		__LINE__);

	err_begin();
	CHECK(parse_ethertype_list("ipv4,0x0800", t, &n) != 0);
	err_end("vnicctl: ethertype \"0x0800\" listed more than once\n",
		__LINE__);

	err_begin();
	CHECK(parse_ethertype_list("ipv4,", t, &n) != 0);
	err_end("vnicctl: invalid ethertype list \"ipv4,\": empty entry\n",
		__LINE__);

	err_begin();
	CHECK(parse_ethertype_list("", t, &n) != 0);
	err_end("vnicctl: invalid ethertype list \"\": empty entry\n",
		__LINE__);

	err_begin();
	CHECK(parse_ethertype_list("ipv4,any", t, &n) != 0);
	err_end("vnicctl: ethertype: \"any\" cannot be combined with other ethertypes\n",
		__LINE__);
}

static void test_prefix_list(void)
{
	struct ip_prefix ips[VNIC_MAX_PREFIXES];
	char list[64 * 16], *p = list;
	unsigned int n = 0, i;

	err_begin();
	CHECK(parse_prefix_list("10.0.0.2,2001:db8::2", ips, &n) == 0 &&
	      n == 2 && ips[0].family == AF_INET &&
	      ips[1].family == AF_INET6);
	/* Lists accumulate */
	CHECK(parse_prefix_list("10.1.0.0/16", ips, &n) == 0 && n == 3 &&
	      ips[2].plen == 16);
	err_end("", __LINE__);

	err_begin();
	CHECK(parse_prefix_list("10.0.0.3,10.0.0.1/24", ips, &n) != 0);
	err_end("vnicctl: 10.0.0.1/24: host bits set\n", __LINE__);

	err_begin();
	CHECK(parse_prefix_list("2001:db8::1/64", ips, &n) != 0);
	err_end("vnicctl: 2001:db8::1/64: host bits set\n", __LINE__);

	err_begin();
	CHECK(parse_prefix_list("10.0.0.2/32", ips, &n) != 0);
	err_end("vnicctl: 10.0.0.2/32: listed more than once\n", __LINE__);

	err_begin();
	CHECK(parse_prefix_list("bar", ips, &n) != 0);
	err_end("vnicctl: bar: not an IPv4 or IPv6 address\n", __LINE__);

	err_begin();
	CHECK(parse_prefix_list("10.0.0.9,,10.0.0.8", ips, &n) != 0);
	err_end("vnicctl: invalid prefix list \"10.0.0.9,,10.0.0.8\": empty entry\n",
		__LINE__);

	err_begin();
	CHECK(parse_prefix_list("10.0.0.9,any", ips, &n) != 0);
	err_end("vnicctl: allow-ip: \"any\" cannot be combined with prefixes\n",
		__LINE__);

	/* At most 64 */
	n = 0;
	for (i = 0; i < VNIC_MAX_PREFIXES; i++)
		p += sprintf(p, "%s10.0.%u.0/24", i ? "," : "", i);
	err_begin();
	CHECK(parse_prefix_list(list, ips, &n) == 0 && n == 64);
	err_end("", __LINE__);
	err_begin();
	CHECK(parse_prefix_list("10.9.9.9", ips, &n) != 0 && n == 64);
	err_end("vnicctl: too many allow-ip prefixes: at most 64\n", __LINE__);
}

static void check_rate(const char *s, uint64_t want, int line)
{
	const char *unit = NULL;
	uint64_t v = 12345;
	int ret = parse_rate(s, &v, &unit);

	if (ret || v != want)
		printf("  %s: got %d, %llu, want %llu\n", s, ret,
		       (unsigned long long)v, (unsigned long long)want);
	check(!ret && v == want, s, line);
}

/* @want_unit: where parse_rate() says the unknown unit starts */
static void check_rate_err(const char *s, int want, const char *want_unit,
			   int line)
{
	const char *unit = NULL;
	uint64_t v = 12345;
	int ret = parse_rate(s, &v, &unit);

	if (ret != want)
		printf("  %s: got %d, want %d\n", s, ret, want);
	check(ret == want && v == 12345 &&
	      (!want_unit || (unit && !strcmp(unit, want_unit))), s, line);
}

#define CHECK_RATE(s, want)	check_rate(s, want, __LINE__)
#define CHECK_RATE_ERR(s, err, unit) check_rate_err(s, err, unit, __LINE__)

static void test_rate(void)
{
	uint64_t v;

	/* No unit and "bit": bits per second */
	CHECK_RATE("0", 0);
	CHECK_RATE("0bit", 0);
	CHECK_RATE("800", 800);
	CHECK_RATE("800bit", 800);
	CHECK_RATE("007bit", 7);
	/* Powers of 1000 */
	CHECK_RATE("1kbit", 1000ull);
	CHECK_RATE("1mbit", 1000000ull);
	CHECK_RATE("1gbit", 1000000000ull);
	CHECK_RATE("1tbit", 1000000000000ull);
	CHECK_RATE("100mbit", 100000000ull);
	/* Powers of 1024 */
	CHECK_RATE("1kibit", 1024ull);
	CHECK_RATE("1mibit", 1048576ull);
	CHECK_RATE("1gibit", 1073741824ull);
	CHECK_RATE("1tibit", 1099511627776ull);
	/* Bytes per second */
	CHECK_RATE("1bps", 8ull);
	CHECK_RATE("1kbps", 8000ull);
	CHECK_RATE("1mbps", 8000000ull);
	CHECK_RATE("1gbps", 8000000000ull);
	CHECK_RATE("1tbps", 8000000000000ull);
	CHECK_RATE("1kibps", 8192ull);
	CHECK_RATE("1mibps", 8388608ull);
	CHECK_RATE("1gibps", 8589934592ull);
	CHECK_RATE("1tibps", 8796093022208ull);
	/* Any case */
	CHECK_RATE("10Mbit", 10000000ull);
	CHECK_RATE("10MBIT", 10000000ull);
	CHECK_RATE("2KiBps", 16384ull);
	CHECK_RATE("3GBPS", 24000000000ull);
	CHECK_RATE("5BIT", 5);
	/* Decimals, computed exactly and rounded down */
	CHECK_RATE("1.5mbit", 1500000ull);
	CHECK_RATE("0.5kbit", 500);
	CHECK_RATE(".5kbit", 500);
	CHECK_RATE("5.kbit", 5000);
	CHECK_RATE("2.5gibps", 21474836480ull);
	CHECK_RATE("0.123456789tbit", 123456789000ull);
	CHECK_RATE("1.0000001kbit", 1000);
	CHECK_RATE("1.999bit", 1);
	CHECK_RATE("1.333333333333333333333333333tibps", 11728124029610ull);
	CHECK_RATE("0.000", 0);
	/* ... but never down to 0 (none): the kernel rejects 1 to 7 */
	CHECK_RATE("0.1bit", 1);
	CHECK_RATE("0.0000000000000000000001kbit", 1);
	/* Up to UINT64_MAX */
	CHECK_RATE("18446744073709551615", UINT64_MAX);
	CHECK_RATE("18446744073709551615bit", UINT64_MAX);
	CHECK_RATE("18446744.073709551615tbit", UINT64_MAX);
	CHECK_RATE("2305843009213693951bps", UINT64_MAX - 7);

	CHECK_RATE_ERR("18446744073709551616", -ERANGE, NULL);
	CHECK_RATE_ERR("18446744.073709551616tbit", -ERANGE, NULL);
	CHECK_RATE_ERR("2305843009213693952bps", -ERANGE, NULL);
	CHECK_RATE_ERR("18446745tbit", -ERANGE, NULL);
	CHECK_RATE_ERR("99999999999999999999tbit", -ERANGE, NULL);
	CHECK_RATE_ERR("99999999999999999999999999999999999999bit", -ERANGE,
		       NULL);
	CHECK_RATE_ERR("16777216tibit", -ERANGE, NULL);
	CHECK_RATE_ERR("-5mbit", -EINVAL, NULL);
	CHECK_RATE_ERR("-0", -EINVAL, NULL);
	CHECK_RATE_ERR("+5mbit", -EINVAL, NULL);
	CHECK_RATE_ERR(" 5mbit", -EINVAL, NULL);
	CHECK_RATE_ERR("", -EINVAL, NULL);
	CHECK_RATE_ERR(".", -EINVAL, NULL);
	CHECK_RATE_ERR(".mbit", -EINVAL, NULL);
	CHECK_RATE_ERR("mbit", -EINVAL, NULL);
	CHECK_RATE_ERR("none", -EINVAL, NULL);
	CHECK_RATE_ERR("5furlongs", -ENOENT, "furlongs");
	CHECK_RATE_ERR("5 mbit", -ENOENT, " mbit");
	CHECK_RATE_ERR("5mbit ", -ENOENT, "mbit ");
	CHECK_RATE_ERR("5m", -ENOENT, "m");
	CHECK_RATE_ERR("5kb", -ENOENT, "kb");
	CHECK_RATE_ERR("5mbits", -ENOENT, "mbits");
	CHECK_RATE_ERR("5pbit", -ENOENT, "pbit");
	CHECK_RATE_ERR("1e6", -ENOENT, "e6");
	CHECK_RATE_ERR("1e6bit", -ENOENT, "e6bit");
	CHECK_RATE_ERR("0x10", -ENOENT, "x10");
	CHECK_RATE_ERR("1.2.3", -ENOENT, ".3");
	CHECK_RATE_ERR("1,5mbit", -ENOENT, ",5mbit");
	/* An unknown unit is reported before an overflow */
	CHECK_RATE_ERR("99999999999999999999parsec", -ENOENT, "parsec");

	err_begin();
	CHECK(rate_arg("rate", "10mbit", &v) == 0 && v == 10000000);
	err_end("", __LINE__);
	err_begin();
	CHECK(rate_arg("rate", "-5mbit", &v) != 0);
	err_end("vnicctl: rate \"-5mbit\": not a valid rate\n", __LINE__);
	err_begin();
	CHECK(rate_arg("rate", "5furlongs", &v) != 0);
	err_end("vnicctl: rate \"5furlongs\": unknown unit \"furlongs\"\n",
		__LINE__);
	err_begin();
	CHECK(rate_arg("rate", "99999999999999999999tbit", &v) != 0);
	err_end("vnicctl: rate \"99999999999999999999tbit\": too large\n",
		__LINE__);
	err_begin();
	CHECK(rate_arg("rx-rate", "", &v) != 0);
	err_end("vnicctl: rx-rate \"\": not a valid rate\n", __LINE__);
}

static void check_size(const char *s, uint32_t want, int line)
{
	const char *unit = NULL;
	uint32_t v = 12345;
	int ret = parse_size(s, &v, &unit);

	if (ret || v != want)
		printf("  %s: got %d, %u, want %u\n", s, ret, v, want);
	check(!ret && v == want, s, line);
}

static void check_size_err(const char *s, int want, const char *want_unit,
			   int line)
{
	const char *unit = NULL;
	uint32_t v = 12345;
	int ret = parse_size(s, &v, &unit);

	if (ret != want)
		printf("  %s: got %d, want %d\n", s, ret, want);
	check(ret == want && v == 12345 &&
	      (!want_unit || (unit && !strcmp(unit, want_unit))), s, line);
}

#define CHECK_SIZE(s, want)	check_size(s, want, __LINE__)
#define CHECK_SIZE_ERR(s, err, unit) check_size_err(s, err, unit, __LINE__)

static void test_size(void)
{
	uint32_t v;

	CHECK_SIZE("0", 0);
	CHECK_SIZE("1514", 1514);
	CHECK_SIZE("1514b", 1514);
	CHECK_SIZE("1514B", 1514);
	CHECK_SIZE("64k", 65536);
	CHECK_SIZE("64kb", 65536);
	CHECK_SIZE("64Kb", 65536);
	CHECK_SIZE("64KB", 65536);
	CHECK_SIZE("1m", 1048576);
	CHECK_SIZE("1mb", 1048576);
	CHECK_SIZE("1Mb", 1048576);
	CHECK_SIZE("1g", 1073741824);
	CHECK_SIZE("3gb", 3221225472u);
	CHECK_SIZE("1kbit", 125);
	CHECK_SIZE("1mbit", 125000);
	CHECK_SIZE("1gbit", 125000000);
	CHECK_SIZE("1GBIT", 125000000);
	CHECK_SIZE("1.5k", 1536);
	CHECK_SIZE("0.5kbit", 62);
	CHECK_SIZE("1.5m", 1572864);
	CHECK_SIZE(".25g", 268435456);
	CHECK_SIZE("0.1b", 1);
	CHECK_SIZE("4294967295", UINT32_MAX);
	CHECK_SIZE("4294967295b", UINT32_MAX);
	CHECK_SIZE("4194303.999k", 4294967294u);
	CHECK_SIZE("34.359738367gbit", UINT32_MAX);

	CHECK_SIZE_ERR("4294967296", -ERANGE, NULL);
	CHECK_SIZE_ERR("4g", -ERANGE, NULL);
	CHECK_SIZE_ERR("4194304k", -ERANGE, NULL);
	CHECK_SIZE_ERR("34.359738368gbit", -ERANGE, NULL);
	CHECK_SIZE_ERR("99999999999999999999999g", -ERANGE, NULL);
	CHECK_SIZE_ERR("-1k", -EINVAL, NULL);
	CHECK_SIZE_ERR("+1k", -EINVAL, NULL);
	CHECK_SIZE_ERR("", -EINVAL, NULL);
	CHECK_SIZE_ERR("k", -EINVAL, NULL);
	CHECK_SIZE_ERR(".", -EINVAL, NULL);
	CHECK_SIZE_ERR("1t", -ENOENT, "t");
	CHECK_SIZE_ERR("1tb", -ENOENT, "tb");
	CHECK_SIZE_ERR("1bit", -ENOENT, "bit");
	CHECK_SIZE_ERR("1kib", -ENOENT, "kib");
	CHECK_SIZE_ERR("1 k", -ENOENT, " k");
	CHECK_SIZE_ERR("1e3", -ENOENT, "e3");

	err_begin();
	CHECK(size_arg("burst", "128k", &v) == 0 && v == 131072);
	err_end("", __LINE__);
	err_begin();
	CHECK(size_arg("burst", "-1", &v) != 0);
	err_end("vnicctl: burst \"-1\": not a valid size\n", __LINE__);
	err_begin();
	CHECK(size_arg("rx-burst", "5q", &v) != 0);
	err_end("vnicctl: rx-burst \"5q\": unknown unit \"q\"\n", __LINE__);
	err_begin();
	CHECK(size_arg("burst", "5g", &v) != 0);
	err_end("vnicctl: burst \"5g\": too large\n", __LINE__);
}

static void check_fmt_rate(uint64_t bps, const char *want, int line)
{
	char buf[RATE_STR_LEN];

	format_rate(buf, bps);
	if (strcmp(buf, want))
		printf("  %llu: got %s, want %s\n", (unsigned long long)bps,
		       buf, want);
	check(!strcmp(buf, want), want, line);
}

static void check_fmt_size(uint32_t bytes, const char *want, int line)
{
	char buf[SIZE_STR_LEN];

	format_size(buf, bytes);
	if (strcmp(buf, want))
		printf("  %u: got %s, want %s\n", bytes, buf, want);
	check(!strcmp(buf, want), want, line);
}

#define CHECK_FMT_RATE(v, want)	check_fmt_rate(v, want, __LINE__)
#define CHECK_FMT_SIZE(v, want)	check_fmt_size(v, want, __LINE__)

static void test_format(void)
{
	char buf[RATE_STR_LEN];
	uint64_t r, back;
	uint32_t v, sz;
	const char *unit;
	bool ok = true;

	CHECK_FMT_RATE(0, "0bit");
	CHECK_FMT_RATE(1, "1bit");
	CHECK_FMT_RATE(8, "8bit");
	CHECK_FMT_RATE(800, "800bit");
	CHECK_FMT_RATE(999, "999bit");
	CHECK_FMT_RATE(1000, "1Kbit");
	CHECK_FMT_RATE(1001, "1.001Kbit");
	CHECK_FMT_RATE(1024, "1.024Kbit");
	CHECK_FMT_RATE(1500, "1.5Kbit");
	CHECK_FMT_RATE(512000, "512Kbit");
	CHECK_FMT_RATE(999999, "999.999Kbit");
	CHECK_FMT_RATE(1000000, "1Mbit");
	CHECK_FMT_RATE(1500000, "1.5Mbit");
	CHECK_FMT_RATE(1250000, "1.25Mbit");
	CHECK_FMT_RATE(1234567, "1.235Mbit");	/* rounded to nearest */
	CHECK_FMT_RATE(1234499, "1.234Mbit");
	CHECK_FMT_RATE(1000500, "1.001Mbit");
	CHECK_FMT_RATE(1000499, "1Mbit");
	CHECK_FMT_RATE(10000000, "10Mbit");
	CHECK_FMT_RATE(100000000, "100Mbit");
	CHECK_FMT_RATE(999999500, "1Gbit");	/* carried to the next unit */
	CHECK_FMT_RATE(1999999999, "2Gbit");
	CHECK_FMT_RATE(10000000000ull, "10Gbit");
	CHECK_FMT_RATE(8000000000ull, "8Gbit");
	CHECK_FMT_RATE(1000000000000ull, "1Tbit");
	CHECK_FMT_RATE(1099511627776ull, "1.1Tbit");
	CHECK_FMT_RATE(400000000000000ull, "400Tbit");
	CHECK_FMT_RATE(UINT64_MAX, "18446744.074Tbit");

	CHECK_FMT_SIZE(0, "0b");
	CHECK_FMT_SIZE(1, "1b");
	CHECK_FMT_SIZE(1514, "1514b");
	CHECK_FMT_SIZE(1023, "1023b");
	CHECK_FMT_SIZE(1024, "1Kb");
	CHECK_FMT_SIZE(1025, "1025b");
	CHECK_FMT_SIZE(32768, "32Kb");
	CHECK_FMT_SIZE(65536, "64Kb");
	CHECK_FMT_SIZE(125000, "125000b");
	CHECK_FMT_SIZE(1048576, "1Mb");
	CHECK_FMT_SIZE(1572864, "1536Kb");
	CHECK_FMT_SIZE(1073741824, "1Gb");
	CHECK_FMT_SIZE(3221225472u, "3Gb");
	CHECK_FMT_SIZE(UINT32_MAX, "4294967295b");

	/* Sizes read back as printed; rates too when 3 decimals suffice */
	for (sz = 0; sz < 70000; sz++) {
		format_size(buf, sz);
		ok &= !parse_size(buf, &v, &unit) && v == sz;
	}
	for (sz = 1; sz <= 4096; sz++) {
		format_size(buf, sz * 1048576u - (sz == 4096));
		ok &= !parse_size(buf, &v, &unit) &&
		      v == sz * 1048576u - (sz == 4096);
	}
	CHECK(ok);
	ok = true;
	for (r = 0; r < 2000000; r += 1000) {
		format_rate(buf, r);
		ok &= !parse_rate(buf, &back, &unit) && back == r;
	}
	for (r = 1; r < 1000000000000000000ull; r *= 10) {
		format_rate(buf, 7 * r);
		ok &= !parse_rate(buf, &back, &unit) && back == 7 * r;
	}
	CHECK(ok);
}

/* Parse the options in the string @args, separated by blanks. */
static int policy_args(struct vnic_policy *p, const char *args)
{
	char buf[512], *argv[32], *tok;
	int argc = 0, i, used, ret;

	snprintf(buf, sizeof(buf), "%s", args);
	for (tok = strtok(buf, " "); tok && argc < 32; tok = strtok(NULL, " "))
		argv[argc++] = tok;
	memset(p, 0, sizeof(*p));
	for (i = 0; i < argc; i += used) {
		if (!policy_is_keyword(argv[i]))
			return -1;
		ret = policy_parse("set", p, argc - i, argv + i, &used);
		if (ret)
			return ret;
	}
	return 0;
}

#define BIT(attr)	(1u << VNIC_A_DEV_##attr)

static void check_policy_err(const char *args, const char *want, int line)
{
	struct vnic_policy p;

	err_begin();
	check(policy_args(&p, args) == VNICCTL_EXIT_FAIL, args, line);
	err_end(want, line);
}

#define CHECK_POLICY_ERR(args, want) check_policy_err(args, want, __LINE__)

static void test_policy(void)
{
	struct vnic_policy p;

	CHECK(policy_is_keyword("prio") && !policy_is_keyword("mac") &&
	      policy_is_keyword("allow-ip") && policy_is_keyword("vlan"));

	err_begin();
	CHECK(policy_args(&p, "mac-change on") == 0 &&
	      p.attrs == BIT(MAC_CHANGE) && p.mac_change);
	CHECK(policy_args(&p, "vlan 10") == 0 &&
	      p.attrs == (BIT(VLAN) | BIT(VLAN_PRIO)) && p.vlan == 10 &&
	      p.vlan_prio == 0);
	CHECK(policy_args(&p, "vlan 4094 prio 7 ethertype-rx on") == 0 &&
	      p.attrs == (BIT(VLAN) | BIT(VLAN_PRIO) | BIT(ETHERTYPE_RX)) &&
	      p.vlan == 4094 && p.vlan_prio == 7 && p.ethertype_rx);
	CHECK(policy_args(&p, "vlan none") == 0 && p.attrs == BIT(VLAN) &&
	      p.vlan == 0);
	CHECK(policy_args(&p, "vlan-passthrough off") == 0 &&
	      p.attrs == BIT(VLAN_PASSTHROUGH) && !p.vlan_passthrough);
	CHECK(policy_args(&p, "ethertype any") == 0 &&
	      p.attrs == BIT(ETHERTYPES) && p.n_ethertypes == 0);
	CHECK(policy_args(&p, "ethertype ipv4,arp") == 0 &&
	      p.attrs == BIT(ETHERTYPES) && p.n_ethertypes == 2);
	CHECK(policy_args(&p, "allow-ip any") == 0 &&
	      p.attrs == BIT(ALLOWED_IPS) && p.n_ips == 0);
	CHECK(policy_args(&p, "allow-ip 10.0.0.2 ethertype ipv6 "
			  "allow-ip 2001:db8::/64,10.1.0.0/16") == 0 &&
	      p.attrs == (BIT(ALLOWED_IPS) | BIT(ETHERTYPES)) && p.n_ips == 3);

	/* Bandwidth share: each option alone, aliases, any order */
	CHECK(policy_args(&p, "rate 100mbit") == 0 &&
	      p.attrs == BIT(TX_RATE) && p.tx_rate == 100000000);
	CHECK(policy_args(&p, "rate 0") == 0 &&
	      p.attrs == BIT(TX_RATE) && p.tx_rate == 0);
	CHECK(policy_args(&p, "burst 128k") == 0 &&
	      p.attrs == BIT(TX_BURST) && p.tx_burst == 131072);
	CHECK(policy_args(&p, "tx-rate 1.5mbit") == 0 &&
	      p.attrs == BIT(TX_RATE) && p.tx_rate == 1500000);
	CHECK(policy_args(&p, "tx-burst 1514") == 0 &&
	      p.attrs == BIT(TX_BURST) && p.tx_burst == 1514);
	CHECK(policy_args(&p, "rx-rate 10mbit") == 0 &&
	      p.attrs == BIT(RX_RATE) && p.rx_rate == 10000000);
	CHECK(policy_args(&p, "rx-burst 32k") == 0 &&
	      p.attrs == BIT(RX_BURST) && p.rx_burst == 32768);
	CHECK(policy_args(&p, "rx-burst 1mb rx-rate 1gbit burst 64kb "
			  "vlan 5 rate 10gbps") == 0 &&
	      p.attrs == (BIT(TX_RATE) | BIT(TX_BURST) | BIT(RX_RATE) |
			  BIT(RX_BURST) | BIT(VLAN) | BIT(VLAN_PRIO)) &&
	      p.tx_rate == 80000000000ull && p.tx_burst == 65536 &&
	      p.rx_rate == 1000000000 && p.rx_burst == 1048576);
	err_end("", __LINE__);

	CHECK(policy_is_keyword("rate") && policy_is_keyword("tx-rate") &&
	      policy_is_keyword("burst") && policy_is_keyword("tx-burst") &&
	      policy_is_keyword("rx-rate") && policy_is_keyword("rx-burst") &&
	      !policy_is_keyword("rx-tx-rate"));

	/* Scheduling: min, weight, prio; "prio" after "vlan ID" is its PCP. */
	err_begin();
	CHECK(policy_args(&p, "min 10mbit weight 1000 prio 7") == 0 &&
	      p.attrs == (BIT(BW_MIN) | BIT(WEIGHT) | BIT(PRIORITY)) &&
	      p.bw_min == 10000000 && p.weight == 1000 && p.priority == 7);
	CHECK(policy_args(&p, "bw-min 0 weight 1 priority 0") == 0 &&
	      p.attrs == (BIT(BW_MIN) | BIT(WEIGHT) | BIT(PRIORITY)) &&
	      p.bw_min == 0 && p.weight == 1 && p.priority == 0);
	CHECK(policy_args(&p, "vlan 100 prio 3 prio 5") == 0 &&
	      p.attrs == (BIT(VLAN) | BIT(VLAN_PRIO) | BIT(PRIORITY)) &&
	      p.vlan_prio == 3 && p.priority == 5);
	CHECK(policy_args(&p, "prio 2 vlan 100") == 0 &&
	      p.attrs == (BIT(VLAN) | BIT(VLAN_PRIO) | BIT(PRIORITY)) &&
	      p.vlan_prio == 0 && p.priority == 2);
	err_end("", __LINE__);
	CHECK_POLICY_ERR("weight 0",
			 "vnicctl: invalid weight \"0\": expected a number from 1 to 1000\n");
	CHECK_POLICY_ERR("weight 1001",
			 "vnicctl: invalid weight \"1001\": expected a number from 1 to 1000\n");
	CHECK_POLICY_ERR("prio 8",
			 "vnicctl: invalid prio \"8\": expected a number from 0 to 7\n");
	CHECK_POLICY_ERR("priority -1",
			 "vnicctl: invalid priority \"-1\": expected a number from 0 to 7\n");
	CHECK_POLICY_ERR("min 1mbit bw-min 2mbit",
			 "vnicctl: set: \"bw-min\" given more than once\n");
	CHECK_POLICY_ERR("prio 1 priority 2",
			 "vnicctl: set: \"priority\" given more than once\n");
	CHECK_POLICY_ERR("rate",
			 "vnicctl: set: missing value after \"rate\"\n");
	CHECK_POLICY_ERR("rate 1mbit rate 2mbit",
			 "vnicctl: set: \"rate\" given more than once\n");
	CHECK_POLICY_ERR("rate 1mbit tx-rate 2mbit",
			 "vnicctl: set: \"tx-rate\" given more than once\n");
	CHECK_POLICY_ERR("tx-burst 1k burst 2k",
			 "vnicctl: set: \"burst\" given more than once\n");
	CHECK_POLICY_ERR("rx-rate 1 rx-rate 1",
			 "vnicctl: set: \"rx-rate\" given more than once\n");
	CHECK_POLICY_ERR("rate -5mbit",
			 "vnicctl: rate \"-5mbit\": not a valid rate\n");
	CHECK_POLICY_ERR("rate 5furlongs",
			 "vnicctl: rate \"5furlongs\": unknown unit \"furlongs\"\n");
	CHECK_POLICY_ERR("rate 99999999999999999999tbit",
			 "vnicctl: rate \"99999999999999999999tbit\": too large\n");
	CHECK_POLICY_ERR("tx-rate 1x",
			 "vnicctl: tx-rate \"1x\": unknown unit \"x\"\n");
	CHECK_POLICY_ERR("rx-rate 10mbit rx-burst 8g",
			 "vnicctl: rx-burst \"8g\": too large\n");
	CHECK_POLICY_ERR("burst none",
			 "vnicctl: burst \"none\": not a valid size\n");
	CHECK_POLICY_ERR("tx-burst 1kbps",
			 "vnicctl: tx-burst \"1kbps\": unknown unit \"kbps\"\n");

	CHECK_POLICY_ERR("mac-change",
			 "vnicctl: set: missing value after \"mac-change\"\n");
	CHECK_POLICY_ERR("mac-change yes",
			 "vnicctl: invalid mac-change \"yes\": expected \"on\" or \"off\"\n");
	CHECK_POLICY_ERR("vlan-passthrough 1",
			 "vnicctl: invalid vlan-passthrough \"1\": expected \"on\" or \"off\"\n");
	CHECK_POLICY_ERR("ethertype-rx ON",
			 "vnicctl: invalid ethertype-rx \"ON\": expected \"on\" or \"off\"\n");
	CHECK_POLICY_ERR("mac-change on mac-change off",
			 "vnicctl: set: \"mac-change\" given more than once\n");
	CHECK_POLICY_ERR("vlan 0",
			 "vnicctl: invalid vlan \"0\": expected a number from 1 to 4094 or \"none\"\n");
	CHECK_POLICY_ERR("vlan 4095",
			 "vnicctl: invalid vlan \"4095\": expected a number from 1 to 4094 or \"none\"\n");
	CHECK_POLICY_ERR("vlan -1",
			 "vnicctl: invalid vlan \"-1\": expected a number from 1 to 4094 or \"none\"\n");
	CHECK_POLICY_ERR("vlan 10 prio 8",
			 "vnicctl: invalid vlan prio \"8\": expected a number from 0 to 7\n");
	CHECK_POLICY_ERR("vlan 10 prio",
			 "vnicctl: set: missing value after \"prio\"\n");
	CHECK_POLICY_ERR("vlan none prio 1",
			 "vnicctl: set: \"prio\" needs a VLAN id, not \"none\"\n");
	CHECK_POLICY_ERR("vlan 10 vlan none",
			 "vnicctl: set: \"vlan\" given more than once\n");
	CHECK_POLICY_ERR("ethertype any ethertype ipv4",
			 "vnicctl: set: \"ethertype\" given more than once\n");
	CHECK_POLICY_ERR("allow-ip any allow-ip any",
			 "vnicctl: set: \"allow-ip any\" given more than once\n");
	CHECK_POLICY_ERR("allow-ip any allow-ip 10.0.0.1",
			 "vnicctl: allow-ip: \"any\" cannot be combined with prefixes\n");
	CHECK_POLICY_ERR("allow-ip 10.0.0.1 allow-ip any",
			 "vnicctl: allow-ip: \"any\" cannot be combined with prefixes\n");
	CHECK_POLICY_ERR("allow-ip 10.0.0.1/24",
			 "vnicctl: 10.0.0.1/24: host bits set\n");
}

/*
 * Build a request with policy_put() and read it back with dev_parse(),
 * the parser of the kernel's replies, which carry the same attributes.
 */
static void test_encoding(void)
{
	static const uint8_t ethertypes_nest[] = {
		0x14, 0x00, VNIC_A_DEV_ETHERTYPES, 0x80,	/* nested */
		0x06, 0x00, 0x01, 0x00, 0x00, 0x08, 0x00, 0x00,	/* 0x0800 */
		0x06, 0x00, 0x01, 0x00, 0xb5, 0x88, 0x00, 0x00,	/* 0x88b5 */
	};
	static const uint8_t ips_nest[] = {
		0x38, 0x00, VNIC_A_DEV_ALLOWED_IPS, 0x80,
		0x14, 0x00, 0x01, 0x80,				/* prefix */
		0x08, 0x00, 0x01, 0x00, 0x0a, 0x00, 0x00, 0x00,	/* addr */
		0x05, 0x00, 0x02, 0x00, 0x18, 0x00, 0x00, 0x00,	/* plen 24 */
	};
	char buf[4096] = { 0 }, out[256];
	const struct nlattr *attr;
	struct vnic_policy p;
	struct nlmsghdr *nlh;
	struct vnic_dev dev;
	bool seen_et = false, seen_ips = false;
	size_t len;
	FILE *f;

	err_begin();
	CHECK(policy_args(&p, "mac-change on vlan 100 prio 5 "
			  "vlan-passthrough off ethertype ipv4,0x88b5 "
			  "ethertype-rx on allow-ip 10.0.0.0/24,2001:db8::2 "
			  "rate 100mbit burst 64k rx-rate 10gbps "
			  "rx-burst 1514") == 0);
	err_end("", __LINE__);

	nlh = mnl_nlmsg_put_header(buf);
	mnl_nlmsg_put_extra_header(nlh, sizeof(struct genlmsghdr));
	policy_put(nlh, &p);
	mnl_attr_for_each(attr, nlh, sizeof(struct genlmsghdr)) {
		switch (mnl_attr_get_type(attr)) {
		case VNIC_A_DEV_VLAN:
			CHECK(mnl_attr_get_payload_len(attr) == 2 &&
			      mnl_attr_get_u16(attr) == 100);
			break;
		case VNIC_A_DEV_MAC_CHANGE:
			CHECK(mnl_attr_get_payload_len(attr) == 1);
			break;
		case VNIC_A_DEV_TX_RATE:
			/* NLA_UINT, always sent as 8 bytes */
			CHECK(mnl_attr_get_payload_len(attr) == 8 &&
			      mnl_attr_get_u64(attr) == 100000000);
			break;
		case VNIC_A_DEV_RX_RATE:
			CHECK(mnl_attr_get_payload_len(attr) == 8 &&
			      mnl_attr_get_u64(attr) == 80000000000ull);
			break;
		case VNIC_A_DEV_TX_BURST:
			CHECK(mnl_attr_get_payload_len(attr) == 4 &&
			      mnl_attr_get_u32(attr) == 65536);
			break;
		case VNIC_A_DEV_RX_BURST:
			CHECK(mnl_attr_get_payload_len(attr) == 4 &&
			      mnl_attr_get_u32(attr) == 1514);
			break;
		case VNIC_A_DEV_ETHERTYPES:
			/* host byte order u16s, NLA_F_NESTED set */
			seen_et = attr->nla_len == sizeof(ethertypes_nest) &&
				  !memcmp(attr, ethertypes_nest,
					  sizeof(ethertypes_nest));
			break;
		case VNIC_A_DEV_ALLOWED_IPS:
			/* the first prefix: address in network order */
			seen_ips = attr->nla_len == 4 + 20 + 32 &&
				   !memcmp(attr, ips_nest, sizeof(ips_nest));
			break;
		}
	}
	CHECK(seen_et);
	CHECK(seen_ips);

	dev_parse(nlh, &dev);
	CHECK(dev.present == p.attrs);
	CHECK(dev.policy.mac_change && dev.policy.vlan == 100 &&
	      dev.policy.vlan_prio == 5 && !dev.policy.vlan_passthrough &&
	      dev.policy.ethertype_rx);
	CHECK(dev.policy.n_ethertypes == 2 &&
	      dev.policy.ethertypes[1] == 0x88b5);
	CHECK(dev.policy.n_ips == 2 && dev.policy.ips[1].family == AF_INET6 &&
	      dev.policy.ips[1].plen == 128 &&
	      !memcmp(dev.policy.ips[1].addr, p.ips[1].addr, 16));
	CHECK(dev.policy.tx_rate == 100000000 && dev.policy.tx_burst == 65536 &&
	      dev.policy.rx_rate == 80000000000ull &&
	      dev.policy.rx_burst == 1514);

	f = fmemopen(out, sizeof(out), "w");
	if (f) {
		dev_print_details(f, &dev);
		fclose(f);
	}
	CHECK(!strcmp(out, "    mac-change on vlan 100 prio 5 "
		      "vlan-passthrough off ethertype ipv4,0x88b5 "
		      "ethertype-rx on allow-ip 10.0.0.0/24,2001:db8::2/128 "
		      "rate 100Mbit burst 64Kb rx-rate 80Gbit rx-burst 1514b\n"));

	/* Empty nests mean "any" */
	memset(buf, 0, sizeof(buf));
	err_begin();
	CHECK(policy_args(&p, "ethertype any allow-ip any vlan none") == 0);
	err_end("", __LINE__);
	nlh = mnl_nlmsg_put_header(buf);
	mnl_nlmsg_put_extra_header(nlh, sizeof(struct genlmsghdr));
	policy_put(nlh, &p);
	len = nlh->nlmsg_len - MNL_NLMSG_HDRLEN - sizeof(struct genlmsghdr);
	CHECK(len == 8 + 4 + 4);
	dev_parse(nlh, &dev);
	CHECK(dev.present == p.attrs && dev.policy.n_ethertypes == 0 &&
	      dev.policy.n_ips == 0 && dev.policy.vlan == 0);
	f = fmemopen(out, sizeof(out), "w");
	if (f) {
		dev_print_details(f, &dev);
		fclose(f);
	}
	CHECK(!strcmp(out, "    ethertype any allow-ip any\n"));

	/* "rate 0" removes shaping: sent as an 8 byte 0 */
	memset(buf, 0, sizeof(buf));
	err_begin();
	CHECK(policy_args(&p, "rate 0") == 0);
	err_end("", __LINE__);
	nlh = mnl_nlmsg_put_header(buf);
	mnl_nlmsg_put_extra_header(nlh, sizeof(struct genlmsghdr));
	policy_put(nlh, &p);
	len = nlh->nlmsg_len - MNL_NLMSG_HDRLEN - sizeof(struct genlmsghdr);
	CHECK(len == 12);

	/*
	 * A reply: NLA_UINT rates of 4 bytes (the kernel's choice when they
	 * fit) or 8, one of a bad size (treated as absent); a share with
	 * rx-rate 0 shows only the TX part.
	 */
	memset(buf, 0, sizeof(buf));
	nlh = mnl_nlmsg_put_header(buf);
	mnl_nlmsg_put_extra_header(nlh, sizeof(struct genlmsghdr));
	mnl_attr_put_u32(nlh, VNIC_A_DEV_TX_RATE, 1500000);
	mnl_attr_put_u32(nlh, VNIC_A_DEV_TX_BURST, 1048576);
	mnl_attr_put_u32(nlh, VNIC_A_DEV_RX_RATE, 0);
	mnl_attr_put_u32(nlh, VNIC_A_DEV_RX_BURST, 1514);
	dev_parse(nlh, &dev);
	CHECK(dev.present == (BIT(TX_RATE) | BIT(TX_BURST) | BIT(RX_RATE) |
			      BIT(RX_BURST)) &&
	      dev.policy.tx_rate == 1500000 && dev.policy.rx_rate == 0 &&
	      dev.policy.tx_burst == 1048576 && dev.policy.rx_burst == 1514);
	f = fmemopen(out, sizeof(out), "w");
	if (f) {
		dev_print_details(f, &dev);
		fclose(f);
	}
	CHECK(!strcmp(out, "    rate 1.5Mbit burst 1Mb\n"));

	memset(buf, 0, sizeof(buf));
	nlh = mnl_nlmsg_put_header(buf);
	mnl_nlmsg_put_extra_header(nlh, sizeof(struct genlmsghdr));
	mnl_attr_put_u64(nlh, VNIC_A_DEV_TX_RATE, 0);
	mnl_attr_put_u32(nlh, VNIC_A_DEV_TX_BURST, 1514);
	mnl_attr_put_u64(nlh, VNIC_A_DEV_RX_RATE, 40000000000ull);
	mnl_attr_put_u32(nlh, VNIC_A_DEV_RX_BURST, 50000000);
	mnl_attr_put_u16(nlh, VNIC_A_DEV_VLAN + 100, 1);	/* newer kernel */
	dev_parse(nlh, &dev);
	CHECK(dev.policy.tx_rate == 0 && dev.policy.rx_rate == 40000000000ull &&
	      dev.policy.rx_burst == 50000000);
	f = fmemopen(out, sizeof(out), "w");
	if (f) {
		dev_print_details(f, &dev);
		fclose(f);
	}
	CHECK(!strcmp(out, "    rx-rate 40Gbit rx-burst 50000000b\n"));

	memset(buf, 0, sizeof(buf));
	nlh = mnl_nlmsg_put_header(buf);
	mnl_nlmsg_put_extra_header(nlh, sizeof(struct genlmsghdr));
	mnl_attr_put_u16(nlh, VNIC_A_DEV_TX_RATE, 1);	/* bad size */
	mnl_attr_put_u16(nlh, VNIC_A_DEV_RX_BURST, 1);	/* bad size */
	dev_parse(nlh, &dev);
	CHECK(dev.present == 0 && dev.policy.tx_rate == 0);
}

/* Run @fn against a memory stream and compare what it wrote. */
static void check_output(void (*fn)(FILE *f, const void *arg),
			 const void *arg, const char *want, int line)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f) {
		check(0, "open_memstream", line);
		return;
	}
	fn(f, arg);
	fclose(f);
	if (strcmp(buf, want))
		printf("  got:  %s\n  want: %s\n", buf, want);
	check(!strcmp(buf, want), want, line);
	free(buf);
}

static void put_string(FILE *f, const void *arg)
{
	json_print_string(f, arg);
}

#define CHECK_ESC(in, want) check_output(put_string, in, want, __LINE__)

static void test_escape(void)
{
	CHECK_ESC("", "\"\"");
	CHECK_ESC("eth0", "\"eth0\"");
	CHECK_ESC("a\"b\\c", "\"a\\\"b\\\\c\"");
	CHECK_ESC("\b\f\n\r\t", "\"\\b\\f\\n\\r\\t\"");
	CHECK_ESC("\x01\x1f\x7f", "\"\\u0001\\u001f\x7f\"");
	CHECK_ESC("caf\xc3\xa9", "\"caf\xc3\xa9\"");		/* U+00E9 */
	CHECK_ESC("\xe2\x82\xac", "\"\xe2\x82\xac\"");		/* U+20AC */
	CHECK_ESC("\xf0\x9f\x98\x80", "\"\xf0\x9f\x98\x80\"");	/* U+1F600 */
	CHECK_ESC("a\xff" "b", "\"a\\ufffdb\"");
	CHECK_ESC("\xc3", "\"\\ufffd\"");			/* truncated */
	CHECK_ESC("\xc0\xaf", "\"\\ufffd\\ufffd\"");		/* overlong */
	CHECK_ESC("\xed\xa0\x80", "\"\\ufffd\\ufffd\\ufffd\"");	/* surrogate */
	CHECK_ESC("\xf4\x90\x80\x80", "\"\\ufffd\\ufffd\\ufffd\\ufffd\"");
}

static void put_doc(FILE *f, const void *arg)
{
	const bool *pretty = arg;
	struct json j;

	json_init(&j, f, *pretty);
	json_begin_array(&j);
	json_begin_object(&j);
	json_kv_uint(&j, "id", 1);
	json_kv_str(&j, "ifname", "v\"0");
	json_kv_int(&j, "netnsid", -1);
	json_end_object(&j);
	json_begin_object(&j);
	json_end_object(&j);
	json_end_array(&j);
}

static void put_empty(FILE *f, const void *arg)
{
	const bool *pretty = arg;
	struct json j;

	json_init(&j, f, *pretty);
	json_begin_array(&j);
	json_end_array(&j);
}

static void test_writer(void)
{
	static const bool compact, pretty = true;

	check_output(put_doc, &compact,
		     "[{\"id\":1,\"ifname\":\"v\\\"0\",\"netnsid\":-1},{}]\n",
		     __LINE__);
	check_output(put_doc, &pretty,
		     "[\n"
		     "  {\n"
		     "    \"id\": 1,\n"
		     "    \"ifname\": \"v\\\"0\",\n"
		     "    \"netnsid\": -1\n"
		     "  },\n"
		     "  {}\n"
		     "]\n", __LINE__);
	check_output(put_empty, &compact, "[]\n", __LINE__);
	check_output(put_empty, &pretty, "[]\n", __LINE__);
}

/* A vnic as a kernel reply would describe it, printed as JSON */
static void put_dev(FILE *f, const void *arg)
{
	const bool *pretty = arg;
	struct vnic_dev d = { 0 };
	struct json j;

	d.present = 1u << VNIC_A_DEV_ID | 1u << VNIC_A_DEV_NAME |
		    1u << VNIC_A_DEV_MAC_CHANGE | 1u << VNIC_A_DEV_VLAN |
		    1u << VNIC_A_DEV_VLAN_PRIO |
		    1u << VNIC_A_DEV_VLAN_PASSTHROUGH |
		    1u << VNIC_A_DEV_ETHERTYPE_RX |
		    1u << VNIC_A_DEV_ETHERTYPES | 1u << VNIC_A_DEV_ALLOWED_IPS |
		    1u << VNIC_A_DEV_TX_RATE | 1u << VNIC_A_DEV_TX_BURST |
		    1u << VNIC_A_DEV_RX_RATE | 1u << VNIC_A_DEV_RX_BURST;
	d.id = 1;
	snprintf(d.name, sizeof(d.name), "v0");
	d.policy.vlan = 10;
	d.policy.vlan_prio = 3;
	d.policy.ethertype_rx = true;
	d.policy.n_ethertypes = 2;
	d.policy.ethertypes[0] = 0x0800;
	d.policy.ethertypes[1] = 0x86dd;
	d.policy.n_ips = 2;
	parse_prefix("10.0.0.2", &d.policy.ips[0]);
	parse_prefix("2001:db8::2", &d.policy.ips[1]);
	d.policy.tx_rate = 20000000000ull;
	d.policy.tx_burst = 65536;
	d.policy.rx_rate = 0;
	d.policy.rx_burst = 1514;

	json_init(&j, f, *pretty);
	dev_print_json(&j, &d);
}

static void put_dev_table(FILE *f, const void *arg)
{
	struct vnic_dev d[4] = { 0 };

	(void)arg;
	d[0].present = 1u << VNIC_A_DEV_ID | 1u << VNIC_A_DEV_NAME |
		       1u << VNIC_A_DEV_VLAN | 1u << VNIC_A_DEV_MAC_CHANGE |
		       1u << VNIC_A_DEV_ETHERTYPES |
		       1u << VNIC_A_DEV_TX_RATE | 1u << VNIC_A_DEV_TX_BURST |
		       1u << VNIC_A_DEV_RX_RATE | 1u << VNIC_A_DEV_RX_BURST;
	d[0].id = 1;
	snprintf(d[0].name, sizeof(d[0].name), "v0");
	d[0].policy.tx_burst = 1514;	/* without a rate: not shown */
	d[0].policy.rx_burst = 1514;
	d[1] = d[0];
	d[1].id = 2;
	snprintf(d[1].name, sizeof(d[1].name), "v1");
	d[1].policy.vlan = 4094;
	d[1].policy.n_ethertypes = 1;
	d[1].policy.ethertypes[0] = 0x0800;
	d[1].policy.tx_rate = 100000000;
	d[1].policy.tx_burst = 65536;
	d[1].policy.rx_rate = 1500000;
	d[1].policy.rx_burst = 32768;
	d[2] = d[0];
	d[2].id = 3;
	snprintf(d[2].name, sizeof(d[2].name), "v2");
	d[2].policy.rx_rate = 800;
	d[3] = d[0];
	d[3].present &= ~(1u << VNIC_A_DEV_TX_RATE | 1u << VNIC_A_DEV_RX_RATE);
	d[3].id = 4;
	snprintf(d[3].name, sizeof(d[3].name), "v3");
	d[3].policy.tx_rate = 10000000;	/* not sent by the kernel */
	dev_print_table(f, d, 4, true);
}

static void test_dev_print(void)
{
	static const bool compact;

	check_output(put_dev, &compact,
		     "{\"id\":1,\"ifname\":\"v0\",\"mode\":\"private\","
		     "\"mac_change\":false,\"vlan\":10,\"vlan_prio\":3,"
		     "\"vlan_passthrough\":false,\"ethertype_rx\":true,"
		     "\"ethertypes\":[2048,34525],"
		     "\"allowed_ips\":[\"10.0.0.2/32\",\"2001:db8::2/128\"],"
		     "\"tx_rate\":20000000000,\"tx_burst\":65536,"
		     "\"rx_rate\":0,\"rx_burst\":1514}\n",
		     __LINE__);
	check_output(put_dev_table, NULL,
		     "ID  NAME  IFINDEX  PARENT  MAC  MODE     VLAN  NETNS  TX-RATE  RX-RATE\n"
		     "1   v0    -        -       -    private  -     -      -        -\n"
		     "    mac-change off ethertype any\n"
		     "2   v1    -        -       -    private  4094  -      100Mbit  1.5Mbit\n"
		     "    mac-change off vlan 4094 prio 0 ethertype ipv4 "
		     "rate 100Mbit burst 64Kb rx-rate 1.5Mbit rx-burst 32Kb\n"
		     "3   v2    -        -       -    private  -     -      -        800bit\n"
		     "    mac-change off ethertype any rx-rate 800bit rx-burst 1514b\n"
		     "4   v3    -        -       -    private  -     -      -        -\n"
		     "    mac-change off ethertype any\n",
		     __LINE__);
}

/* "parent set" arguments, split on spaces (a->name points into them). */
static int parent_args(struct parent_set_args *a, const char *args)
{
	static char buf[256];
	char *argv[16], *tok;
	int argc = 0;

	snprintf(buf, sizeof(buf), "%s", args);
	for (tok = strtok(buf, " "); tok && argc < 16; tok = strtok(NULL, " "))
		argv[argc++] = tok;
	return parent_set_parse(argc, argv, a);
}

static void check_parent_err(const char *args, const char *want, int line)
{
	struct parent_set_args a;

	err_begin();
	check(parent_args(&a, args) == VNICCTL_EXIT_FAIL, args, line);
	err_end(want, line);
}

static void put_parent_table(FILE *f, const void *arg)
{
	parent_print_table(f, arg, 3);
}

static void put_parent_json(FILE *f, const void *arg)
{
	struct json j;

	json_init(&j, f, false);
	parent_print_json(&j, arg);
}

/*
 * "parent set": its arguments, the request they make (read back by the
 * parser of the kernel's replies, which carry the same attributes), and
 * "parent show"'s output.
 */
static void test_parent(void)
{
	static const struct vnic_parent ps[3] = {
		{ .present = 1u << VNIC_A_PARENT_NAME, .ifindex = 2,
		  .capacity = 60000000, .burst = 75000, .vnics = 3,
		  .guaranteed = 45000000, .name = "p0" },
		{ .present = 1u << VNIC_A_PARENT_NAME, .ifindex = 17,
		  .name = "enp1s0f1" },
		{ .ifindex = 3, .capacity = 10000000000ull, .burst = 131072 },
	};
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct parent_set_args a;
	struct nlmsghdr *nlh;
	struct vnic_parent p;

	err_begin();
	CHECK(parent_args(&a, "p0 capacity 60mbit") == 0 &&
	      a.sel_attr == VNIC_A_PARENT_NAME && !strcmp(a.name, "p0") &&
	      a.has_capacity && a.capacity == 60000000 && !a.has_burst);
	CHECK(parent_args(&a, "burst 64k name p0") == 0 &&
	      a.sel_attr == VNIC_A_PARENT_NAME && a.has_burst &&
	      a.burst == 65536 && !a.has_capacity);
	CHECK(parent_args(&a, "ifindex 7 capacity 0") == 0 &&
	      a.sel_attr == VNIC_A_PARENT_IFINDEX && a.ifindex == 7 &&
	      a.has_capacity && a.capacity == 0);
	err_end("", __LINE__);

	check_parent_err("", "vnicctl: parent set: missing device: expected "
			 PARENT_SEL_USAGE "\n", __LINE__);
	check_parent_err("p0", "vnicctl: parent set: nothing to change\n",
			 __LINE__);
	check_parent_err("capacity 1gbit",
			 "vnicctl: parent set: missing device: expected "
			 PARENT_SEL_USAGE "\n", __LINE__);
	check_parent_err("p0 capacity",
			 "vnicctl: parent set: missing value after \"capacity\"\n",
			 __LINE__);
	check_parent_err("p0 capacity 1gbit capacity 2gbit",
			 "vnicctl: parent set: \"capacity\" given more than once\n",
			 __LINE__);
	check_parent_err("p0 capacity 5furlongs",
			 "vnicctl: capacity \"5furlongs\": unknown unit \"furlongs\"\n",
			 __LINE__);
	check_parent_err("p0 burst 8g",
			 "vnicctl: burst \"8g\": too large\n", __LINE__);
	check_parent_err("p0 p1 capacity 1gbit",
			 "vnicctl: parent set: unexpected argument \"p1\"\n",
			 __LINE__);
	check_parent_err("p0 ifindex 3 capacity 1gbit",
			 "vnicctl: parent set: more than one device given (\"ifindex\")\n",
			 __LINE__);
	check_parent_err("ifindex 0 capacity 1gbit",
			 "vnicctl: invalid ifindex \"0\": expected a number from 1 to 4294967295\n",
			 __LINE__);

	err_begin();
	CHECK(parent_args(&a, "p0 capacity 10gbit burst 128k") == 0);
	err_end("", __LINE__);
	nlh = mnl_nlmsg_put_header(buf);
	mnl_nlmsg_put_extra_header(nlh, sizeof(struct genlmsghdr));
	parent_set_put(nlh, &a);
	parent_parse(nlh, &p);
	CHECK(PARENT_HAS(&p, VNIC_A_PARENT_NAME) && !strcmp(p.name, "p0") &&
	      PARENT_HAS(&p, VNIC_A_PARENT_CAPACITY) &&
	      p.capacity == 10000000000ull &&
	      PARENT_HAS(&p, VNIC_A_PARENT_BURST) && p.burst == 131072 &&
	      !PARENT_HAS(&p, VNIC_A_PARENT_IFINDEX) &&
	      !PARENT_HAS(&p, VNIC_A_PARENT_VNICS));

	check_output(put_parent_table, ps,
		     "PARENT    IFINDEX  CAPACITY  BURST   VNICS  GUARANTEED\n"
		     "p0        2        60Mbit    75000b  3      45Mbit\n"
		     "enp1s0f1  17       -         -       0      -\n"
		     "-         3        10Gbit    128Kb   0      -\n",
		     __LINE__);
	check_output(put_parent_json, &ps[0],
		     "{\"ifindex\":2,\"ifname\":\"p0\",\"capacity\":60000000,"
		     "\"burst\":75000,\"vnics\":3,\"guaranteed\":45000000}\n",
		     __LINE__);
}

/*
 * A STATS_GET reply with counters of both NLA_UINT sizes, one of a bad
 * size and one unknown to vnicctl: only the good known ones are shown.
 */
static void test_stats(void)
{
	static const char want[] =
		"v3 (id 3):\n"
		"    tx-spoof-mac       5\n"
		"    tx-spoof-ip        4294967298\n"
		"    rx-loop            0\n"
		"    rx-rate            17\n"
		"    tx-throttled       4\n"
		"    tx-shaped-bytes    8589934592\n"
		"{\"id\":3,\"ifname\":\"v3\",\"ifindex\":12,"
		"\"tx_spoof_mac\":5,\"tx_spoof_ip\":4294967298,"
		"\"rx_loop\":0,\"rx_rate\":17,\"tx_throttled\":4,"
		"\"tx_shaped_bytes\":8589934592}\n";
	static const char want_lines[] =
		"    tx: spoof-mac 5 spoof-ip 4294967298 throttled 4 shaped-bytes 8589934592\n"
		"    rx: loop 0 rate 17\n"
		"{\"tx_spoof_mac\":5,\"tx_spoof_ip\":4294967298,"
		"\"rx_loop\":0,\"rx_rate\":17,\"tx_throttled\":4,"
		"\"tx_shaped_bytes\":8589934592}\n";
	char buf[1024] = { 0 }, *out = NULL;
	struct vnic_stats st;
	struct nlmsghdr *nlh;
	uint16_t bad = 7;
	struct json j;
	size_t len;
	FILE *f;

	nlh = mnl_nlmsg_put_header(buf);
	mnl_nlmsg_put_extra_header(nlh, sizeof(struct genlmsghdr));
	mnl_attr_put_u32(nlh, VNIC_A_STATS_ID, 3);
	mnl_attr_put_u32(nlh, VNIC_A_STATS_IFINDEX, 12);
	mnl_attr_put_strz(nlh, VNIC_A_STATS_NAME, "v3");
	mnl_attr_put_u32(nlh, VNIC_A_STATS_TX_SPOOF_MAC, 5);
	mnl_attr_put_u64(nlh, VNIC_A_STATS_TX_SPOOF_IP, 0x100000002ull);
	mnl_attr_put(nlh, VNIC_A_STATS_TX_MTU, sizeof(bad), &bad);
	mnl_attr_put_u32(nlh, VNIC_A_STATS_RX_LOOP, 0);
	mnl_attr_put_u32(nlh, VNIC_A_STATS_RX_RATE, 17);
	mnl_attr_put_u32(nlh, VNIC_A_STATS_TX_THROTTLED, 4);
	mnl_attr_put_u64(nlh, VNIC_A_STATS_TX_SHAPED_BYTES, 0x200000000ull);
	mnl_attr_put_u64(nlh, VNIC_A_STATS_MAX + 1, 42);	/* newer kernel */
	mnl_attr_put_u32(nlh, 200, 43);

	stats_parse(nlh, &st);
	CHECK(st.has_id && st.id == 3 && st.has_ifindex && st.ifindex == 12 &&
	      st.has_name && !strcmp(st.name, "v3"));
	CHECK(st.has[VNIC_A_STATS_TX_SPOOF_MAC] &&
	      st.val[VNIC_A_STATS_TX_SPOOF_MAC] == 5);
	CHECK(st.has[VNIC_A_STATS_TX_SPOOF_IP] &&
	      st.val[VNIC_A_STATS_TX_SPOOF_IP] == 0x100000002ull);
	CHECK(!st.has[VNIC_A_STATS_TX_MTU] && !st.has[VNIC_A_STATS_TX_VLAN]);

	f = open_memstream(&out, &len);
	if (!f) {
		CHECK(0);
		return;
	}
	stats_print_text(f, &st);
	json_init(&j, f, false);
	stats_print_json(&j, &st);
	fclose(f);
	if (strcmp(out, want))
		printf("  got: %s", out);
	CHECK(!strcmp(out, want));
	free(out);

	/* show -s: the counters of a vnic under its row, then in JSON */
	f = open_memstream(&out, &len);
	if (!f) {
		CHECK(0);
		return;
	}
	stats_print_lines(f, &st);
	json_init(&j, f, false);
	stats_print_counters_json(&j, &st);
	fclose(f);
	if (strcmp(out, want_lines))
		printf("  got: %s", out);
	CHECK(!strcmp(out, want_lines));
	free(out);

	/*
	 * Every counter of the uapi header is in stats_counters[]: fails
	 * when a new counter lacks its line there.
	 */
	CHECK(nr_stats_counters == VNIC_A_STATS_MAX - VNIC_A_STATS_NAME);
}

/* Batch runner: records the commands it is given, fails on "fail N". */
struct batch_log {
	char buf[512];
	int calls;
};

static int batch_fake_run(void *data, int argc, char **argv)
{
	struct batch_log *log = data;
	size_t len;
	int i;

	log->calls++;
	for (i = 0; i < argc; i++) {
		len = strlen(log->buf);
		snprintf(log->buf + len, sizeof(log->buf) - len, "%s%s",
			 argv[i], i + 1 < argc ? " " : "|");
	}
	if (!strcmp(argv[0], "fail")) {
		pr_err("failed");
		return argc > 1 ? atoi(argv[1]) : VNICCTL_EXIT_FAIL;
	}
	return VNICCTL_EXIT_OK;
}

static int batch_text_force(const char *text, bool force,
			    struct batch_log *log)
{
	FILE *f = fmemopen((void *)text, strlen(text), "r");
	int ret;

	memset(log, 0, sizeof(*log));
	if (!f)
		return -1;
	ret = batch_run(f, "test", force, batch_fake_run, log);
	fclose(f);
	return ret;
}

static int batch_text(const char *text, struct batch_log *log)
{
	return batch_text_force(text, false, log);
}

static void test_batch(void)
{
	char line[128], *argv[4];
	struct batch_log log;
	char *long_line;
	size_t i;

	strcpy(line, "  add v0\tlink  eth0 \n");
	CHECK(batch_split(line, argv, 4) == 4);
	CHECK(!strcmp(argv[0], "add") && !strcmp(argv[1], "v0") &&
	      !strcmp(argv[2], "link") && !strcmp(argv[3], "eth0"));
	strcpy(line, "del v0 # comment with words\n");
	CHECK(batch_split(line, argv, 4) == 2);
	CHECK(!strcmp(argv[0], "del") && !strcmp(argv[1], "v0"));
	strcpy(line, "del v0#x\r\n");
	CHECK(batch_split(line, argv, 4) == 2 && !strcmp(argv[1], "v0#x"));
	strcpy(line, "# only a comment");
	CHECK(batch_split(line, argv, 4) == 0);
	strcpy(line, " \t\n");
	CHECK(batch_split(line, argv, 4) == 0);
	strcpy(line, "");
	CHECK(batch_split(line, argv, 4) == 0);
	strcpy(line, "a b c d e");
	CHECK(batch_split(line, argv, 4) == -1);

	/* Every line runs, blank and comment lines are skipped. */
	err_begin();
	CHECK(batch_text("add v0 link p0\n\n# c\n  del v0\nshow", &log) == 0);
	err_end("", __LINE__);
	CHECK(log.calls == 3);
	CHECK(!strcmp(log.buf, "add v0 link p0|del v0|show|"));

	/* The first failure stops the batch, its messages name the line. */
	err_begin();
	CHECK(batch_text("ok 1\n# c\nfail 2\nok 2\n", &log) == 2);
	err_end("vnicctl: line 3: failed\n", __LINE__);
	CHECK(log.calls == 2 && !strcmp(log.buf, "ok 1|fail 2|"));

	/* -f: every line runs, the first failure gives the exit code. */
	err_begin();
	CHECK(batch_text_force("fail 2\nok 1\nfail 1\nok 2\n", true, &log) == 2);
	err_end("vnicctl: line 1: failed\nvnicctl: line 3: failed\n", __LINE__);
	CHECK(log.calls == 4 && !strcmp(log.buf, "fail 2|ok 1|fail 1|ok 2|"));
	err_begin();
	CHECK(batch_text_force("ok 1\n\nok 2\n", true, &log) == 0);
	err_end("", __LINE__);
	CHECK(log.calls == 2);

	/* No messages without a batch. */
	err_begin();
	pr_err("plain");
	err_end("vnicctl: plain\n", __LINE__);

	err_begin();
	CHECK(batch_text("", &log) == 0 && log.calls == 0);
	err_end("", __LINE__);

	/* Too many words: nothing of that line runs. */
	long_line = malloc(2 * (BATCH_MAX_WORDS + 1) + 16);
	if (!long_line) {
		CHECK(0);
		return;
	}
	strcpy(long_line, "ok 1\n");
	for (i = 0; i <= BATCH_MAX_WORDS; i++)
		strcat(long_line, "w ");
	strcat(long_line, "\nok 2\n");
	err_begin();
	CHECK(batch_text(long_line, &log) == VNICCTL_EXIT_FAIL);
	err_end("vnicctl: line 2: more than 128 words\n", __LINE__);
	CHECK(log.calls == 1);
	err_begin();
	CHECK(batch_text_force(long_line, true, &log) == VNICCTL_EXIT_FAIL);
	err_end("vnicctl: line 2: more than 128 words\n", __LINE__);
	CHECK(log.calls == 2);
	free(long_line);
}

/* Byte offset of @attr in the message starting at @buf. */
static uint32_t offs(const void *buf, const void *attr)
{
	return (const char *)attr - (const char *)buf;
}

static void check_path(const struct nlmsghdr *nlh, const struct attr_set *top,
		       uint32_t off, const char *want, int line)
{
	char buf[128];
	int ret;

	ret = extack_attr_path(nlh, top, off, buf, sizeof(buf), NULL);
	if (!want) {
		check(ret == -1 && !buf[0], "no attribute at offset", line);
		return;
	}
	check(ret == 0 && !strcmp(buf, want), want, line);
	if (ret || strcmp(buf, want))
		printf("\toffset %u: got %d \"%s\"\n", off, ret, buf);
}

static void check_describe(const struct nlmsghdr *nlh,
			   const struct attr_set *top, int64_t bad,
			   int64_t miss, int64_t miss_nest, const char *want,
			   int line)
{
	struct extack_attrs ext = {
		.bad_off = bad, .miss_type = miss, .miss_nest_off = miss_nest,
	};
	char buf[160];

	extack_describe(nlh, top, &ext, buf, sizeof(buf));
	check(!strcmp(buf, want), want, line);
	if (strcmp(buf, want))
		printf("\tgot \"%s\"\n", buf);
}

static void check_format_error(const char *msg, const char *attr, int err,
			       const char *want, int line)
{
	char buf[512];

	nl_format_error(buf, sizeof(buf), msg, attr, err);
	check(!strcmp(buf, want), want, line);
	if (strcmp(buf, want))
		printf("\tgot \"%s\"\n", buf);
}

/* The generated name tables agree with the uapi header. */
static void test_attr_names(void)
{
	const struct attr_name *a;

	CHECK(attr_set_dev.n == VNIC_A_DEV_MAX + 1);
	CHECK(attr_set_stats.n == VNIC_A_STATS_MAX + 1);
	CHECK(!attr_set_dev.attrs[0].name);
	CHECK(!strcmp(attr_set_dev.attrs[VNIC_A_DEV_PARENT_IFINDEX].name,
		      "parent-ifindex"));
	CHECK(!strcmp(attr_set_dev.attrs[VNIC_A_DEV_RX_BURST].name,
		      "rx-burst"));
	CHECK(!strcmp(attr_set_stats.attrs[VNIC_A_STATS_TX_SHAPED_BYTES].name,
		      "tx-shaped-bytes"));
	a = &attr_set_dev.attrs[VNIC_A_DEV_ALLOWED_IPS];
	CHECK(!strcmp(a->name, "allowed-ips") && a->nest);
	CHECK(a->nest->n == VNIC_A_ALLOWED_IPS_MAX + 1);
	a = &a->nest->attrs[VNIC_A_ALLOWED_IPS_PREFIX];
	CHECK(!strcmp(a->name, "prefix") && a->nest);
	CHECK(a->nest->n == VNIC_A_PREFIX_MAX + 1);
	CHECK(!strcmp(a->nest->attrs[VNIC_A_PREFIX_ADDR].name, "addr"));
	CHECK(!strcmp(a->nest->attrs[VNIC_A_PREFIX_PLEN].name, "plen"));
	a = &attr_set_dev.attrs[VNIC_A_DEV_ETHERTYPES];
	CHECK(a->nest && !strcmp(a->nest->attrs[VNIC_A_ETHERTYPES_ETHERTYPE].name,
				 "ethertype"));
	CHECK(!attr_set_dev.attrs[VNIC_A_DEV_MAC].nest);
}

/* Offsets of an extended ack mapped back to the request's attributes. */
static void test_extack(void)
{
	static const uint8_t mac[MAC_LEN] = { 2, 0, 0, 0, 0, 1 };
	static const uint8_t v4[4] = { 192, 0, 2, 0 };
	struct nlattr *name, *amac, *ips, *p1, *p2, *p2plen, *ets, *et2;
	struct nlattr *unknown, *p1addr, *tail;
	static char buf[4096];
	struct genlmsghdr *genl;
	struct nlmsghdr *nlh;

	test_attr_names();

	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = 0x20;
	genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	genl->cmd = VNIC_CMD_DEV_SET;

	name = mnl_nlmsg_get_payload_tail(nlh);
	mnl_attr_put_strz(nlh, VNIC_A_DEV_NAME, "v0");
	amac = mnl_nlmsg_get_payload_tail(nlh);
	mnl_attr_put(nlh, VNIC_A_DEV_MAC, MAC_LEN, mac);
	ips = mnl_attr_nest_start(nlh, VNIC_A_DEV_ALLOWED_IPS);
	p1 = mnl_attr_nest_start(nlh, VNIC_A_ALLOWED_IPS_PREFIX);
	p1addr = mnl_nlmsg_get_payload_tail(nlh);
	mnl_attr_put(nlh, VNIC_A_PREFIX_ADDR, sizeof(v4), v4);
	mnl_attr_put_u8(nlh, VNIC_A_PREFIX_PLEN, 24);
	mnl_attr_nest_end(nlh, p1);
	p2 = mnl_attr_nest_start(nlh, VNIC_A_ALLOWED_IPS_PREFIX);
	mnl_attr_put(nlh, VNIC_A_PREFIX_ADDR, sizeof(v4), v4);
	p2plen = mnl_nlmsg_get_payload_tail(nlh);
	mnl_attr_put_u8(nlh, VNIC_A_PREFIX_PLEN, 33);
	mnl_attr_nest_end(nlh, p2);
	mnl_attr_nest_end(nlh, ips);
	ets = mnl_attr_nest_start(nlh, VNIC_A_DEV_ETHERTYPES);
	mnl_attr_put_u16(nlh, VNIC_A_ETHERTYPES_ETHERTYPE, 0x0800);
	et2 = mnl_nlmsg_get_payload_tail(nlh);
	mnl_attr_put_u16(nlh, VNIC_A_ETHERTYPES_ETHERTYPE, 0x0600);
	mnl_attr_nest_end(nlh, ets);
	unknown = mnl_nlmsg_get_payload_tail(nlh);
	mnl_attr_put_u32(nlh, 99, 1);
	tail = mnl_nlmsg_get_payload_tail(nlh);

	check_path(nlh, &attr_set_dev, offs(buf, name), "name", __LINE__);
	check_path(nlh, &attr_set_dev, offs(buf, amac), "mac", __LINE__);
	check_path(nlh, &attr_set_dev, offs(buf, ips), "allowed-ips",
		   __LINE__);
	check_path(nlh, &attr_set_dev, offs(buf, p1), "allowed-ips.prefix",
		   __LINE__);
	check_path(nlh, &attr_set_dev, offs(buf, p2), "allowed-ips.prefix",
		   __LINE__);
	check_path(nlh, &attr_set_dev, offs(buf, p1addr),
		   "allowed-ips.prefix.addr", __LINE__);
	check_path(nlh, &attr_set_dev, offs(buf, p2plen),
		   "allowed-ips.prefix.plen", __LINE__);
	check_path(nlh, &attr_set_dev, offs(buf, et2), "ethertypes.ethertype",
		   __LINE__);
	check_path(nlh, &attr_set_dev, offs(buf, unknown), "99", __LINE__);
	/* Not the start of an attribute, or outside the request */
	check_path(nlh, &attr_set_dev, offs(buf, amac) + 4, NULL, __LINE__);
	check_path(nlh, &attr_set_dev, offs(buf, p2plen) + 2, NULL, __LINE__);
	check_path(nlh, &attr_set_dev, offs(buf, tail), NULL, __LINE__);
	check_path(nlh, &attr_set_dev, 0, NULL, __LINE__);
	check_path(nlh, &attr_set_dev, 100000, NULL, __LINE__);
	/* The stats set names its selectors like the dev set */
	check_path(nlh, &attr_set_stats, offs(buf, name), "name", __LINE__);
	/* Without a set, only numbers */
	check_path(nlh, NULL, offs(buf, p2plen), "16.1.2", __LINE__);

	check_describe(nlh, &attr_set_dev, offs(buf, amac), -1, -1,
		       "attribute: mac", __LINE__);
	check_describe(nlh, &attr_set_dev, offs(buf, p2plen), -1, -1,
		       "attribute: allowed-ips.prefix.plen", __LINE__);
	check_describe(nlh, &attr_set_dev, -1, VNIC_A_DEV_PARENT_IFINDEX, -1,
		       "missing attribute: parent-ifindex", __LINE__);
	check_describe(nlh, &attr_set_dev, -1, VNIC_A_PREFIX_ADDR,
		       offs(buf, p2), "missing attribute: allowed-ips.prefix.addr",
		       __LINE__);
	check_describe(nlh, &attr_set_dev, -1, 7, offs(buf, ets),
		       "missing attribute: ethertypes.7", __LINE__);
	check_describe(nlh, &attr_set_dev, -1, -1, -1, "", __LINE__);
	check_describe(nlh, &attr_set_dev, offs(buf, amac) + 1, -1, -1, "",
		       __LINE__);
	check_describe(nlh, &attr_set_dev, -1, VNIC_A_PREFIX_ADDR,
		       offs(buf, p2) + 1, "", __LINE__);

	check_format_error("mac: must be unicast and not zero",
			   "attribute: mac", -EADDRNOTAVAIL,
			   "mac: must be unicast and not zero (attribute: mac; Cannot assign requested address)",
			   __LINE__);
	check_format_error("", "missing attribute: parent-ifindex", -EINVAL,
			   "missing attribute: parent-ifindex (Invalid argument)",
			   __LINE__);
	check_format_error("no luck", "", -ENODEV, "no luck (No such device)",
			   __LINE__);
	check_format_error("", "", -ENOENT, "No such file or directory",
			   __LINE__);
	check_format_error("", "", -EPERM,
			   "CAP_NET_ADMIN is required (Operation not permitted)",
			   __LINE__);
}

/* Sends, from a socket of its own, a forged error ack for @nl's next
 * request: its sequence number, its port id, error -EPERM. Returns 0 or
 * -errno of the send.
 */
static int nl_forge_ack(int fd, const struct nl *nl)
{
	struct sockaddr_nl to = { .nl_family = AF_NETLINK, .nl_pid = nl->portid };
	struct {
		struct nlmsghdr nlh;
		struct nlmsgerr err;
	} m = {
		.nlh = {
			.nlmsg_len = sizeof(m),
			.nlmsg_type = NLMSG_ERROR,
			.nlmsg_flags = NLM_F_CAPPED,
			.nlmsg_seq = nl->seq + 1,
			.nlmsg_pid = nl->portid,
		},
		.err = { .error = -EPERM },
	};

	m.err.msg.nlmsg_len = sizeof(struct nlmsghdr);
	m.err.msg.nlmsg_seq = nl->seq + 1;
	m.err.msg.nlmsg_pid = nl->portid;
	if (sendto(fd, &m, sizeof(m), 0, (struct sockaddr *)&to,
		   sizeof(to)) < 0)
		return -errno;
	return 0;
}

static int nl_ctrl_cb(const struct nlmsghdr *nlh, void *data)
{
	(void)nlh;
	++*(int *)data;
	return MNL_CB_OK;
}

/* Asks the kernel's controller about family "nlctrl" through nl_exchange(). */
static int nl_ask_ctrl(struct nl *nl, int *replies)
{
	struct nlmsghdr *nlh;

	nl->family = GENL_ID_CTRL;
	nlh = nl_msg(nl, CTRL_CMD_GETFAMILY, 0);
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, "nlctrl");
	*replies = 0;
	return nl_exchange(nl, nlh, nl_ctrl_cb, replies);
}

/*
 * Replies and events come from the kernel only: a process that may send
 * to our port (CAP_NET_ADMIN over the socket's netns, root in a container
 * whose netns a CNI plugin opened the socket in) cannot answer in its
 * place. The kernel refuses its datagrams (the socket is connected to it),
 * and one that got queued anyway is dropped on receipt.
 */
static void test_nl_sender(void)
{
	struct sockaddr_nl any = { .nl_family = AF_UNSPEC };
	struct nlmsghdr *nlh;
	struct nl *nl = NULL;
	int fd, err, replies;
	void *buf;

	/* A netns of our own; else a user namespace for CAP_NET_ADMIN. */
	if (unshare(CLONE_NEWNET) && unshare(CLONE_NEWUSER | CLONE_NEWNET))
		printf("test_nl_sender: no netns of its own (%s), using ours\n",
		       strerror(errno));
	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (fd < 0 || nl_sock_open(&nl)) {
		printf("SKIP test_nl_sender: no generic netlink socket\n");
		if (fd >= 0)
			close(fd);
		return;
	}

	/* The forger's datagram is refused by the kernel... */
	err = nl_forge_ack(fd, nl);
	if (err == -EPERM) {
		printf("SKIP test_nl_sender: cannot send to a port (no CAP_NET_ADMIN)\n");
		goto out;
	}
	CHECK(err == -ECONNREFUSED);
	err = nl_ask_ctrl(nl, &replies);
	CHECK(err == 0 && replies == 1 && !nl->kernel_err);

	/* ...and dropped if it reached the queue: the kernel's reply counts. */
	CHECK(connect(mnl_socket_get_fd(nl->sock), (struct sockaddr *)&any,
		      sizeof(any)) == 0);
	CHECK(nl_forge_ack(fd, nl) == 0);
	err = nl_ask_ctrl(nl, &replies);
	CHECK(err == 0 && replies == 1 && !nl->kernel_err);
	/* Nor is one delivered to a listener (vnicctl monitor). */
	while (recv(mnl_socket_get_fd(nl->sock), nl->rbuf, 1, MSG_DONTWAIT) >= 0)
		;	/* whatever an earlier failure left */
	CHECK(nl_forge_ack(fd, nl) == 0);
	nl_msg(nl, CTRL_CMD_GETFAMILY, NLM_F_DUMP);
	nlh = (struct nlmsghdr *)nl->sbuf;
	CHECK(mnl_socket_sendto(nl->sock, nlh, nlh->nlmsg_len) >= 0);
	err = nl_recv(nl, &buf);
	nlh = buf;
	CHECK(err > 0 && nlh->nlmsg_type == GENL_ID_CTRL);
out:
	nl_close(nl);
	close(fd);
}

int main(void)
{
	test_mac();
	test_parse();
	test_onoff();
	test_ethertype();
	test_prefix();
	test_ethertype_list();
	test_prefix_list();
	test_rate();
	test_size();
	test_format();
	test_policy();
	test_encoding();
	test_dev_print();
	test_parent();
	test_stats();
	test_escape();
	test_writer();
	test_batch();
	test_extack();
	/* Last: it moves the process to a netns of its own. */
	test_nl_sender();
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
