// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the CNI plugin's pure parts: network configuration (types,
 * ranges, versions, bandwidth units, MAC sources), CNI_ARGS, IPAM results,
 * the ADD result in each version, error and VERSION objects. No kernel
 * needed: run with "make -C userspace test".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <arpa/inet.h>
#include <sys/socket.h>

#include "cni.h"

#include "../unit.h"

/* Parse @json (with @args as CNI_ARGS); returns the error code, 0 if ok. */
static int parse(const char *json, const char *args, struct cni_conf *c,
		 struct cni_err *e)
{
	memset(e, 0, sizeof(*e));
	if (cni_conf_parse(json, strlen(json), args, c, e))
		return e->code ? e->code : -1;
	return 0;
}

/* Error code of config @json, and its message must contain @needle. */
static void bad(const char *json, int code, const char *needle, int line)
{
	struct cni_conf c;
	struct cni_err e;
	int got = parse(json, NULL, &c, &e);

	cni_conf_free(&c);
	if (got != code || !strstr(e.msg, needle)) {
		failed++;
		printf("FAIL line %d: %s: got code %d \"%s\", want %d \"%s\"\n",
		       line, json, got, e.msg, code, needle);
		return;
	}
	passed++;
}

#define BAD(json, code, needle)	bad(json, code, needle, __LINE__)
#define HDR	"{\"cniVersion\":\"1.0.0\",\"name\":\"n\",\"type\":\"vnic\","

static void test_conf(void)
{
	struct cni_conf c;
	struct cni_err e;

	CHECK(parse(HDR "\"master\":\"eth0\",\"mode\":\"bridge\",\"mtu\":1400,"
		    "\"vlan\":100,\"mac\":\"02:00:00:00:00:01\",\"spoofCheck\":false,"
		    "\"ipam\":{\"type\":\"host-local\"},\"unknownField\":[1,2],"
		    "\"runtimeConfig\":{\"bandwidth\":{\"ingressRate\":1000000,"
		    "\"ingressBurst\":80000,\"egressRate\":20000000,\"egressBurst\":524288},"
		    "\"portMappings\":[]}}", NULL, &c, &e) == 0);
	CHECK(!strcmp(c.master, "eth0") && c.has_mode && c.mode == 1 &&
	      c.mtu == 1400 && c.vlan == 100 && c.has_mac && c.mac[5] == 1 &&
	      !c.spoof_check && !strcmp(c.ipam_type, "host-local") &&
	      c.bw.ingress_rate == 1000000 && c.bw.ingress_burst == 80000 &&
	      c.bw.egress_rate == 20000000 && c.bw.egress_burst == 524288 &&
	      !c.prev_result && !strcmp(c.cni_version, "1.0.0"));
	cni_conf_free(&c);

	/* Defaults; "ipam": {} means none; DEL needs no master. */
	CHECK(parse(HDR "\"ipam\":{}}", NULL, &c, &e) == 0);
	CHECK(!c.master && !c.has_mode && !c.mtu && !c.vlan && !c.has_mac &&
	      c.spoof_check && !c.ipam_type && !c.bw.egress_rate);
	cni_conf_free(&c);

	CHECK(parse(HDR "\"prevResult\":{\"interfaces\":[]}}", NULL, &c,
		    &e) == 0 && c.prev_result);
	cni_conf_free(&c);

	BAD("", CNI_ERR_DECODE, "truncated");
	BAD("{", CNI_ERR_DECODE, "truncated");
	BAD("{} x", CNI_ERR_DECODE, "trailing");
	BAD("[]", CNI_ERR_DECODE, "object");
	BAD("{\"name\":\"n\"}", CNI_ERR_CONFIG, "cniVersion: missing");
	BAD("{\"cniVersion\":1,\"name\":\"n\"}", CNI_ERR_CONFIG,
	    "cniVersion: expected a string, got an integer");
	BAD("{\"cniVersion\":\"1.1.0\",\"name\":\"n\"}", CNI_ERR_VERSION,
	    "incompatible CNI version \"1.1.0\"");
	BAD("{\"cniVersion\":\"0.2.0\",\"name\":\"n\"}", CNI_ERR_VERSION, "0.2.0");
	BAD("{\"cniVersion\":\"1.0.0\"}", CNI_ERR_CONFIG, "name: missing");
	BAD(HDR "\"master\":5}", CNI_ERR_CONFIG, "master: expected a string");
	BAD(HDR "\"master\":\"a/b\"}", CNI_ERR_CONFIG, "master: interface name");
	BAD(HDR "\"master\":\"0123456789abcdef\"}", CNI_ERR_CONFIG, "too long");
	BAD(HDR "\"mode\":\"vepa\"}", CNI_ERR_UNSUPPORTED, "mode: \"vepa\"");
	BAD(HDR "\"mode\":1}", CNI_ERR_CONFIG, "mode: expected a string");
	BAD(HDR "\"mtu\":\"1500\"}", CNI_ERR_CONFIG, "mtu: expected an integer, got a string");
	BAD(HDR "\"mtu\":1500.5}", CNI_ERR_CONFIG, "mtu: expected an integer, got a decimal");
	BAD(HDR "\"mtu\":-1}", CNI_ERR_CONFIG, "mtu: must not be negative");
	BAD(HDR "\"mtu\":65536}", CNI_ERR_CONFIG, "mtu: 65536 is too large");
	BAD(HDR "\"mtu\":67}", CNI_ERR_CONFIG, "minimum of 68");
	BAD(HDR "\"vlan\":4095}", CNI_ERR_CONFIG, "vlan: 4095 is too large");
	BAD(HDR "\"vlan\":true}", CNI_ERR_CONFIG, "vlan: expected an integer, got a boolean");
	BAD(HDR "\"mac\":\"02:00:00:00:00\"}", CNI_ERR_CONFIG, "mac: invalid MAC");
	BAD(HDR "\"mac\":\"01:00:00:00:00:01\"}", CNI_ERR_CONFIG, "multicast");
	BAD(HDR "\"spoofCheck\":\"no\"}", CNI_ERR_CONFIG, "spoofCheck: expected a boolean");
	BAD(HDR "\"ipam\":\"host-local\"}", CNI_ERR_CONFIG, "ipam: expected an object");
	BAD(HDR "\"ipam\":{\"type\":3}}", CNI_ERR_CONFIG, "ipam.type: expected a string");
	BAD(HDR "\"ipam\":{\"type\":\"../bin/sh\"}}", CNI_ERR_CONFIG, "ipam.type: invalid plugin name");
	BAD(HDR "\"runtimeConfig\":[]}", CNI_ERR_CONFIG, "runtimeConfig: expected an object");
	BAD(HDR "\"runtimeConfig\":{\"bandwidth\":1}}", CNI_ERR_CONFIG,
	    "runtimeConfig.bandwidth: expected an object");
	BAD(HDR "\"runtimeConfig\":{\"mac\":\"zz\"}}", CNI_ERR_CONFIG,
	    "runtimeConfig.mac: invalid MAC");
	BAD(HDR "\"args\":{\"cni\":{\"mac\":1}}}", CNI_ERR_CONFIG,
	    "args.cni.mac: expected a string");
	BAD(HDR "\"prevResult\":[]}", CNI_ERR_CONFIG, "prevResult: expected an object");
}

static void test_bandwidth(void)
{
	struct cni_conf c;
	struct cni_err e;

#define BW(x)	HDR "\"runtimeConfig\":{\"bandwidth\":{" x "}}}"
	/* Units as the upstream bandwidth plugin: bits/s and bits. */
	CHECK(parse(BW("\"egressRate\":18446744073709551615"), NULL, &c, &e) == 0 &&
	      c.bw.egress_rate == UINT64_MAX && !c.bw.egress_burst);
	cni_conf_free(&c);
	CHECK(parse(BW("\"egressRate\":1,\"egressBurst\":34359738360"), NULL, &c,
		    &e) == 0 && c.bw.egress_burst == 34359738360ull);
	cni_conf_free(&c);
	/* Kubernetes' "no burst given": 2^32 - 1 bits. */
	CHECK(parse(BW("\"ingressRate\":1000000,\"ingressBurst\":4294967295"),
		    NULL, &c, &e) == 0 && c.bw.ingress_burst == 4294967295ull);
	cni_conf_free(&c);
	CHECK(parse(BW("\"ingressRate\":0,\"ingressBurst\":0,\"other\":\"x\""),
		    NULL, &c, &e) == 0 && !c.bw.ingress_rate);
	cni_conf_free(&c);

	BAD(BW("\"egressRate\":\"10mbit\""), CNI_ERR_CONFIG,
	    "runtimeConfig.bandwidth.egressRate: expected an integer, got a string");
	BAD(BW("\"egressRate\":1e6"), CNI_ERR_CONFIG, "egressRate: expected an integer");
	BAD(BW("\"egressRate\":-1"), CNI_ERR_CONFIG, "egressRate: must not be negative");
	/* (json-c saturates integers beyond 2^64 - 1: no test for those.) */
	BAD(BW("\"egressBurst\":1000"), CNI_ERR_CONFIG, "egressBurst: set without egressRate");
	BAD(BW("\"ingressBurst\":1000"), CNI_ERR_CONFIG, "ingressBurst: set without ingressRate");
	BAD(BW("\"ingressRate\":1,\"ingressBurst\":34359738361"), CNI_ERR_CONFIG,
	    "ingressBurst: 34359738361 is too large");
	BAD(BW("\"ingressRate\":null"), CNI_ERR_CONFIG, "expected an integer, got null");
#undef BW
}

static void test_mac_sources(void)
{
	struct cni_conf c;
	struct cni_err e;
	uint8_t mac[MAC_LEN];
	bool has = false;

	/* Later sources win: mac < args.cni.mac < CNI_ARGS < runtimeConfig. */
	CHECK(parse(HDR "\"mac\":\"02:00:00:00:00:01\"}", NULL, &c, &e) == 0 &&
	      c.mac[5] == 1);
	cni_conf_free(&c);
	CHECK(parse(HDR "\"mac\":\"02:00:00:00:00:01\",\"args\":{\"cni\":{\"mac\":\"02:00:00:00:00:02\"}}}",
		    NULL, &c, &e) == 0 && c.mac[5] == 2);
	cni_conf_free(&c);
	CHECK(parse(HDR "\"args\":{\"cni\":{\"mac\":\"02:00:00:00:00:02\"}}}",
		    "IgnoreUnknown=1;MAC=02:00:00:00:00:03;K8S_POD_NAME=p", &c,
		    &e) == 0 && c.mac[5] == 3);
	cni_conf_free(&c);
	CHECK(parse(HDR "\"runtimeConfig\":{\"mac\":\"02:00:00:00:00:04\"}}",
		    "MAC=02:00:00:00:00:03", &c, &e) == 0 && c.has_mac &&
	      c.mac[5] == 4);
	cni_conf_free(&c);

	CHECK(cni_args_mac("", &has, mac, &e) == 0 && !has);
	CHECK(cni_args_mac("K8S_POD_NAMESPACE=a;K8S_POD_NAME=b", &has, mac,
			   &e) == 0 && !has);
	CHECK(cni_args_mac("MAC=02:aa:bb:cc:dd:ee", &has, mac, &e) == 0 &&
	      has && mac[1] == 0xaa);
	has = false;
	CHECK(cni_args_mac("IgnoreUnknown", &has, mac, &e) < 0 &&
	      e.code == CNI_ERR_ENV && !has);
	CHECK(cni_args_mac("MAC=nope", &has, mac, &e) < 0 &&
	      e.code == CNI_ERR_ENV && strstr(e.msg, "CNI_ARGS: MAC"));
	CHECK(cni_args_mac("MAC=02:aa:bb:cc:dd:ee:ff:00:11:22:33:44:55:66:77:88",
			   &has, mac, &e) < 0 && e.code == CNI_ERR_ENV);
}

static json_object *obj(const char *s)
{
	struct cni_err e;

	return cni_json_parse(s, strlen(s), &e, "test");
}

static void test_ipam_result(void)
{
	struct cni_ipam_result r;
	struct cni_err e;
	json_object *o;
	char buf[INET6_ADDRSTRLEN];

	o = obj("{\"cniVersion\":\"1.0.0\",\"ips\":[{\"address\":\"192.0.2.100/24\","
		"\"gateway\":\"192.0.2.1\"},{\"address\":\"2001:db8::100/64\"}],"
		"\"routes\":[{\"dst\":\"0.0.0.0/0\"},{\"dst\":\"198.51.100.0/24\","
		"\"gw\":\"192.0.2.254\"}],\"dns\":{}}");
	CHECK(o && cni_result_parse(o, &r, &e) == 0);
	CHECK(r.n_ips == 2 && r.ips[0].family == AF_INET &&
	      r.ips[0].plen == 24 && r.ips[0].has_gw &&
	      r.ips[1].family == AF_INET6 && r.ips[1].plen == 64 &&
	      !r.ips[1].has_gw);
	inet_ntop(AF_INET, r.ips[0].addr, buf, sizeof(buf));
	CHECK(!strcmp(buf, "192.0.2.100"));
	CHECK(r.n_routes == 2 && r.routes[0].plen == 0 && !r.routes[0].has_gw &&
	      r.routes[1].plen == 24 && r.routes[1].has_gw);
	json_object_put(o);

	o = obj("{}");
	CHECK(cni_result_parse(o, &r, &e) == 0 && !r.n_ips && !r.n_routes);
	json_object_put(o);

#define BAD_RES(s, needle) do {						\
		o = obj(s);						\
		memset(&e, 0, sizeof(e));				\
		CHECK(o && cni_result_parse(o, &r, &e) < 0 &&		\
		      e.code == CNI_ERR_DECODE && strstr(e.msg, needle)); \
		json_object_put(o);					\
	} while (0)
	BAD_RES("{\"ips\":{}}", "ips: expected an array");
	BAD_RES("{\"ips\":[1]}", "ips[0]: expected an object");
	BAD_RES("{\"ips\":[{}]}", "ips[0].address: missing");
	BAD_RES("{\"ips\":[{\"address\":\"192.0.2.1\"}]}", "ips[0].address");
	BAD_RES("{\"ips\":[{\"address\":\"192.0.2.1/33\"}]}", "ips[0].address");
	BAD_RES("{\"ips\":[{\"address\":\"192.0.2.1/24\",\"gateway\":\"::1\"}]}",
		"ips[0].gateway");
	BAD_RES("{\"routes\":[{\"dst\":\"x/0\"}]}", "routes[0].dst");
	BAD_RES("{\"routes\":[{\"dst\":\"::/0\",\"gw\":\"1.2.3.4\"}]}", "routes[0].gw");
#undef BAD_RES
}

static const char *str_at(json_object *o, const char *k1, int idx,
			  const char *k2)
{
	json_object *v;

	if (!json_object_object_get_ex(o, k1, &v))
		return NULL;
	if (idx >= 0)
		v = json_object_array_get_idx(v, idx);
	if (!v || !json_object_object_get_ex(v, k2, &v))
		return NULL;
	return json_object_get_string(v);
}

static void test_result_build(void)
{
	static const uint8_t mac[MAC_LEN] = { 2, 0, 0, 0, 0, 0x2a };
	const char *ipam_s = "{\"cniVersion\":\"1.0.0\",\"ips\":[{\"address\":\"192.0.2.100/24\","
			     "\"gateway\":\"192.0.2.1\"},{\"address\":\"2001:db8::100/64\"}],"
			     "\"routes\":[{\"dst\":\"0.0.0.0/0\"}],\"dns\":{\"nameservers\":[\"192.0.2.53\"]}}";
	json_object *ipam = obj(ipam_s), *res, *v;
	struct cni_conf c;
	struct cni_err e;
	const char *s;
	int idx = -1;

	CHECK(parse(HDR "\"master\":\"p0\"}", NULL, &c, &e) == 0);
	res = cni_result_build(&c, ipam, "eth0", mac, "/run/netns/x", &idx);
	CHECK(res && idx == 0);
	CHECK(!strcmp(str_at(res, "interfaces", 0, "name"), "eth0") &&
	      !strcmp(str_at(res, "interfaces", 0, "mac"), "02:00:00:00:00:2a") &&
	      !strcmp(str_at(res, "interfaces", 0, "sandbox"), "/run/netns/x"));
	CHECK(!strcmp(str_at(res, "ips", 0, "address"), "192.0.2.100/24") &&
	      !strcmp(str_at(res, "ips", 1, "interface"), "0") &&
	      !str_at(res, "ips", 0, "version"));
	CHECK(!strcmp(str_at(res, "routes", 0, "dst"), "0.0.0.0/0"));
	CHECK(json_object_object_get_ex(res, "dns", &v) &&
	      json_object_object_length(v) == 1);
	s = str_at(res, "cniVersion", -1, "x");
	CHECK(!s);
	CHECK(json_object_object_get_ex(res, "cniVersion", &v) &&
	      !strcmp(json_object_get_string(v), "1.0.0"));
	json_object_put(res);
	cni_conf_free(&c);

	/* 0.4.0: ips carry "version". */
	CHECK(parse("{\"cniVersion\":\"0.4.0\",\"name\":\"n\"}", NULL, &c, &e) == 0);
	res = cni_result_build(&c, ipam, "eth0", mac, "/run/netns/x", &idx);
	CHECK(!strcmp(str_at(res, "ips", 0, "version"), "4") &&
	      !strcmp(str_at(res, "ips", 1, "version"), "6"));
	json_object_put(res);
	cni_conf_free(&c);

	/* Chained: prevResult's interfaces, ips and dns stay first. */
	CHECK(parse(HDR "\"prevResult\":{\"cniVersion\":\"1.0.0\",\"interfaces\":"
		    "[{\"name\":\"lo\"}],\"ips\":[{\"address\":\"127.0.0.1/8\",\"interface\":0}],"
		    "\"dns\":{\"domain\":\"x\"}}}", NULL, &c, &e) == 0);
	res = cni_result_build(&c, ipam, "eth0", mac, "/run/netns/x", &idx);
	CHECK(idx == 1 && !strcmp(str_at(res, "interfaces", 1, "name"), "eth0") &&
	      !strcmp(str_at(res, "ips", 0, "address"), "127.0.0.1/8") &&
	      !strcmp(str_at(res, "ips", 1, "interface"), "1") &&
	      !strcmp(str_at(res, "dns", -1, "domain"), "x"));
	json_object_put(res);
	cni_conf_free(&c);

	/* No IPAM: an interface, no ips or routes, an empty dns. */
	CHECK(parse(HDR "\"master\":\"p0\"}", NULL, &c, &e) == 0);
	res = cni_result_build(&c, NULL, "eth0", mac, "/run/netns/x", &idx);
	CHECK(!json_object_object_get_ex(res, "ips", &v) &&
	      !json_object_object_get_ex(res, "routes", &v) &&
	      json_object_object_get_ex(res, "dns", &v));
	json_object_put(res);
	cni_conf_free(&c);
	json_object_put(ipam);
}

static void test_objects(void)
{
	struct cni_err e = { 0 };
	json_object *o, *v;

	cni_seterr(&e, CNI_ERR_CONFIG, "master: missing");
	o = cni_error_json("0.4.0", &e);
	CHECK(json_object_object_get_ex(o, "code", &v) &&
	      json_object_get_int(v) == 7);
	CHECK(json_object_object_get_ex(o, "msg", &v) &&
	      !strcmp(json_object_get_string(v), "master: missing"));
	CHECK(json_object_object_get_ex(o, "cniVersion", &v) &&
	      !strcmp(json_object_get_string(v), "0.4.0"));
	CHECK(!json_object_object_get_ex(o, "details", &v));
	json_object_put(o);

	o = cni_version_json(NULL);
	CHECK(json_object_object_get_ex(o, "supportedVersions", &v) &&
	      json_object_array_length(v) == 4);
	CHECK(json_object_object_get_ex(o, "cniVersion", &v) &&
	      !strcmp(json_object_get_string(v), "1.0.0"));
	json_object_put(o);

	CHECK(cni_version_cmp("0.4.0", "1.0.0") < 0);
	CHECK(cni_version_cmp("0.3.1", "0.3.0") > 0);
	CHECK(cni_version_cmp("1.0.0", "1.0.0") == 0);
	CHECK(cni_version_cmp("0.10.0", "0.4.0") > 0);
	CHECK(cni_version_supported("0.3.1") && !cni_version_supported("0.3.2") &&
	      !cni_version_supported(""));
}

int main(void)
{
	test_conf();
	test_bandwidth();
	test_mac_sources();
	test_ipam_result();
	test_result_build();
	test_objects();
	printf("cni: %d passed, %d failed\n", passed, failed);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
