// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for the MAC/number/name parsers and the JSON writer.
 * Needs no kernel support: run with "make test".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "util.h"

static int passed, failed;

static void check(int ok, const char *what, int line)
{
	if (ok) {
		passed++;
		return;
	}
	failed++;
	printf("FAIL line %d: %s\n", line, what);
}

#define CHECK(expr)	check(!!(expr), #expr, __LINE__)

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

int main(void)
{
	test_mac();
	test_parse();
	test_escape();
	test_writer();
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
