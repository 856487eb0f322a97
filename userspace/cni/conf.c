// SPDX-License-Identifier: GPL-2.0
/*
 * vnic CNI plugin - network configuration, CNI_ARGS, IPAM results, and the
 * JSON it prints. Pure: no syscalls beyond memory, unit-tested on the host.
 *
 * Known fields must have the right JSON type (else error 7, naming the
 * field); unknown fields are ignored, as the spec allows and as runtimes
 * expect (they add their own, e.g. "runtimeConfig" capabilities).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <arpa/inet.h>
#include <sys/socket.h>

#include "cni.h"

const char *const cni_versions[] = { "0.3.0", "0.3.1", "0.4.0", "1.0.0" };
const size_t cni_n_versions = ARRAY_SIZE(cni_versions);

void cni_seterr(struct cni_err *e, int code, const char *fmt, ...)
{
	va_list ap;

	e->code = code;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
}

bool cni_version_supported(const char *v)
{
	size_t i;

	for (i = 0; i < cni_n_versions; i++) {
		if (!strcmp(v, cni_versions[i]))
			return true;
	}
	return false;
}

/* Compare two "X.Y.Z" versions numerically (missing parts count as 0). */
int cni_version_cmp(const char *a, const char *b)
{
	unsigned long x, y;
	char *end;
	int i;

	for (i = 0; i < 3; i++) {
		x = strtoul(a, &end, 10);
		a = *end == '.' ? end + 1 : end;
		y = strtoul(b, &end, 10);
		b = *end == '.' ? end + 1 : end;
		if (x != y)
			return x < y ? -1 : 1;
	}
	return 0;
}

static const char *type_name(json_type t)
{
	switch (t) {
	case json_type_null:
		return "null";
	case json_type_boolean:
		return "a boolean";
	case json_type_double:
		return "a decimal number";
	case json_type_int:
		return "an integer";
	case json_type_object:
		return "an object";
	case json_type_array:
		return "an array";
	case json_type_string:
		return "a string";
	}
	return "?";
}

/*
 * Field @key of @obj, which must have type @t: 0 and *out = NULL if absent,
 * 1 if present, -1 (error 7 set) if present with another type. @path names
 * the object in messages ("" for the top level).
 */
static int get_field(json_object *obj, const char *path, const char *key,
		     json_type t, json_object **out, struct cni_err *e)
{
	json_object *v;

	*out = NULL;
	if (!json_object_object_get_ex(obj, key, &v))
		return 0;
	if (!json_object_is_type(v, t)) {
		cni_seterr(e, CNI_ERR_CONFIG, "%s%s: expected %s, got %s",
			   path, key, type_name(t),
			   type_name(json_object_get_type(v)));
		return -1;
	}
	*out = v;
	return 1;
}

/* A non-negative JSON integer, up to UINT64_MAX. */
static int get_uint(json_object *obj, const char *path, const char *key,
		    uint64_t max, bool *present, uint64_t *val,
		    struct cni_err *e)
{
	json_object *v;
	int ret;

	ret = get_field(obj, path, key, json_type_int, &v, e);
	*present = ret > 0;
	if (ret <= 0)
		return ret;
	if (json_object_get_int64(v) < 0) {
		cni_seterr(e, CNI_ERR_CONFIG, "%s%s: must not be negative",
			   path, key);
		return -1;
	}
	errno = 0;
	*val = json_object_get_uint64(v);
	if (errno || *val > max) {
		cni_seterr(e, CNI_ERR_CONFIG, "%s%s: %s is too large (at most %llu)",
			   path, key, json_object_to_json_string(v),
			   (unsigned long long)max);
		return -1;
	}
	return 0;
}

/*
 * Parse @len bytes of JSON: exactly one value, nothing but blanks after it.
 * Error 6 (decode) otherwise, @what naming the input.
 */
json_object *cni_json_parse(const char *buf, size_t len, struct cni_err *e,
			    const char *what)
{
	struct json_tokener *tok;
	json_object *obj;
	size_t off;

	tok = json_tokener_new();
	if (!tok) {
		cni_seterr(e, CNI_ERR_INTERNAL, "out of memory");
		return NULL;
	}
	obj = json_tokener_parse_ex(tok, buf, len);
	if (!obj) {
		enum json_tokener_error jerr = json_tokener_get_error(tok);

		if (jerr == json_tokener_continue)
			cni_seterr(e, CNI_ERR_DECODE, "%s: truncated JSON", what);
		else
			cni_seterr(e, CNI_ERR_DECODE, "%s: invalid JSON at offset %zu: %s",
				   what, json_tokener_get_parse_end(tok),
				   json_tokener_error_desc(jerr));
		json_tokener_free(tok);
		return NULL;
	}
	for (off = json_tokener_get_parse_end(tok); off < len; off++) {
		if (!strchr(" \t\r\n", buf[off]) && buf[off]) {
			cni_seterr(e, CNI_ERR_DECODE, "%s: trailing data after the JSON value at offset %zu",
				   what, off);
			json_object_put(obj);
			json_tokener_free(tok);
			return NULL;
		}
	}
	json_tokener_free(tok);
	if (!json_object_is_type(obj, json_type_object)) {
		cni_seterr(e, CNI_ERR_DECODE, "%s: expected a JSON object", what);
		json_object_put(obj);
		return NULL;
	}
	return obj;
}

int cni_bandwidth_parse(json_object *bw, struct cni_bandwidth *out,
			struct cni_err *e)
{
	static const char path[] = "runtimeConfig.bandwidth.";
	/* Bursts are in bits; the kernel takes up to 4 GiB - 1 in bytes. */
	const uint64_t burst_max = (uint64_t)UINT32_MAX * 8;
	bool has_ir, has_ib, has_er, has_eb;

	memset(out, 0, sizeof(*out));
	if (get_uint(bw, path, "ingressRate", UINT64_MAX, &has_ir,
		     &out->ingress_rate, e) ||
	    get_uint(bw, path, "ingressBurst", burst_max, &has_ib,
		     &out->ingress_burst, e) ||
	    get_uint(bw, path, "egressRate", UINT64_MAX, &has_er,
		     &out->egress_rate, e) ||
	    get_uint(bw, path, "egressBurst", burst_max, &has_eb,
		     &out->egress_burst, e))
		return -1;
	/* As the upstream bandwidth plugin: a burst needs a rate. */
	if (out->ingress_burst && !out->ingress_rate) {
		cni_seterr(e, CNI_ERR_CONFIG, "%singressBurst: set without ingressRate",
			   path);
		return -1;
	}
	if (out->egress_burst && !out->egress_rate) {
		cni_seterr(e, CNI_ERR_CONFIG, "%segressBurst: set without egressRate",
			   path);
		return -1;
	}
	return 0;
}

static int mac_field(const char *what, const char *s, uint8_t mac[MAC_LEN],
		     struct cni_err *e)
{
	if (parse_mac(s, mac)) {
		cni_seterr(e, CNI_ERR_CONFIG, "%s: invalid MAC address \"%s\"",
			   what, s);
		return -1;
	}
	if (mac[0] & 1) {
		cni_seterr(e, CNI_ERR_CONFIG, "%s: \"%s\" is a multicast address",
			   what, s);
		return -1;
	}
	return 0;
}

/*
 * CNI_ARGS, "KEY=VALUE;KEY=VALUE": only MAC is used (as the macvlan
 * plugin); other keys (K8S_POD_NAME, IgnoreUnknown...) are ignored.
 */
int cni_args_mac(const char *cni_args, bool *has_mac, uint8_t mac[MAC_LEN],
		 struct cni_err *e)
{
	const char *p = cni_args, *end, *eq;
	char val[32];

	while (p && *p) {
		end = strchr(p, ';');
		if (!end)
			end = p + strlen(p);
		eq = memchr(p, '=', end - p);
		if (!eq) {
			cni_seterr(e, CNI_ERR_ENV, "CNI_ARGS: \"%.*s\" is not KEY=VALUE",
				   (int)(end - p), p);
			return -1;
		}
		if (eq - p == 3 && !strncmp(p, "MAC", 3)) {
			if ((size_t)(end - eq - 1) >= sizeof(val)) {
				cni_seterr(e, CNI_ERR_ENV, "CNI_ARGS: MAC: invalid MAC address");
				return -1;
			}
			memcpy(val, eq + 1, end - eq - 1);
			val[end - eq - 1] = '\0';
			if (mac_field("CNI_ARGS: MAC", val, mac, e)) {
				e->code = CNI_ERR_ENV;
				return -1;
			}
			*has_mac = true;
		}
		p = *end ? end + 1 : end;
	}
	return 0;
}

static int parse_ipam(json_object *root, struct cni_conf *c,
		      struct cni_err *e)
{
	json_object *ipam, *type;

	if (get_field(root, "", "ipam", json_type_object, &ipam, e) < 0)
		return -1;
	if (!ipam)
		return 0;
	if (get_field(ipam, "ipam.", "type", json_type_string, &type, e) < 0)
		return -1;
	/* "ipam": {} means no IPAM, as for the upstream plugins. */
	if (!type)
		return 0;
	c->ipam_type = json_object_get_string(type);
	if (!*c->ipam_type || strchr(c->ipam_type, '/') ||
	    !strcmp(c->ipam_type, ".") || !strcmp(c->ipam_type, "..")) {
		cni_seterr(e, CNI_ERR_CONFIG, "ipam.type: invalid plugin name \"%s\"",
			   c->ipam_type);
		return -1;
	}
	return 0;
}

static int parse_link(json_object *root, struct cni_conf *c,
		      struct cni_err *e)
{
	json_object *v;
	uint64_t n;
	bool has;

	if (get_field(root, "", "master", json_type_string, &v, e) < 0)
		return -1;
	if (v) {
		c->master = json_object_get_string(v);
		if (ifname_problem(c->master)) {
			cni_seterr(e, CNI_ERR_CONFIG, "master: interface name \"%s\" %s",
				   c->master, ifname_problem(c->master));
			return -1;
		}
	}
	if (get_field(root, "", "mode", json_type_string, &v, e) < 0)
		return -1;
	if (v) {
		if (parse_mode(json_object_get_string(v), &c->mode)) {
			cni_seterr(e, CNI_ERR_UNSUPPORTED, "mode: \"%s\" is not supported (private or bridge)",
				   json_object_get_string(v));
			return -1;
		}
		c->has_mode = true;
	}
	if (get_uint(root, "", "mtu", 65535, &has, &n, e))
		return -1;
	if (has && n && n < 68) {
		cni_seterr(e, CNI_ERR_CONFIG, "mtu: %llu is below the minimum of 68",
			   (unsigned long long)n);
		return -1;
	}
	c->mtu = has ? n : 0;
	if (get_uint(root, "", "vlan", 4094, &has, &n, e))
		return -1;
	c->vlan = has ? n : 0;
	if (get_field(root, "", "spoofCheck", json_type_boolean, &v, e) < 0)
		return -1;
	c->spoof_check = v ? json_object_get_boolean(v) : true;
	return 0;
}

/* MAC: "mac", then args.cni.mac, CNI_ARGS MAC=, runtimeConfig.mac. */
static int parse_mac_sources(json_object *root, json_object *rc,
			     const char *cni_args, struct cni_conf *c,
			     struct cni_err *e)
{
	json_object *v, *args, *cni;

	if (get_field(root, "", "mac", json_type_string, &v, e) < 0)
		return -1;
	if (v) {
		if (mac_field("mac", json_object_get_string(v), c->mac, e))
			return -1;
		c->has_mac = true;
	}
	if (get_field(root, "", "args", json_type_object, &args, e) < 0)
		return -1;
	if (args) {
		if (get_field(args, "args.", "cni", json_type_object, &cni,
			      e) < 0)
			return -1;
		if (cni &&
		    get_field(cni, "args.cni.", "mac", json_type_string, &v,
			      e) < 0)
			return -1;
		if (cni && v) {
			if (mac_field("args.cni.mac", json_object_get_string(v),
				      c->mac, e))
				return -1;
			c->has_mac = true;
		}
	}
	if (cni_args_mac(cni_args, &c->has_mac, c->mac, e))
		return -1;
	if (rc) {
		if (get_field(rc, "runtimeConfig.", "mac", json_type_string,
			      &v, e) < 0)
			return -1;
		if (v) {
			if (mac_field("runtimeConfig.mac",
				      json_object_get_string(v), c->mac, e))
				return -1;
			c->has_mac = true;
		}
	}
	return 0;
}

/*
 * Parse the network configuration (stdin) and CNI_ARGS into @c. Returns 0,
 * or -1 with @e set. cni_conf_free() must be called either way.
 */
int cni_conf_parse(const char *buf, size_t len, const char *cni_args,
		   struct cni_conf *c, struct cni_err *e)
{
	json_object *root, *v, *rc, *bw;

	memset(c, 0, sizeof(*c));
	c->spoof_check = true;
	root = cni_json_parse(buf, len, e, "network configuration");
	if (!root)
		return -1;
	c->root = root;

	if (get_field(root, "", "cniVersion", json_type_string, &v, e) < 0)
		return -1;
	if (!v) {
		cni_seterr(e, CNI_ERR_CONFIG, "cniVersion: missing");
		return -1;
	}
	c->cni_version = json_object_get_string(v);
	if (!cni_version_supported(c->cni_version)) {
		cni_seterr(e, CNI_ERR_VERSION, "cniVersion: incompatible CNI version \"%s\" (supported: 0.3.0, 0.3.1, 0.4.0, 1.0.0)",
			   c->cni_version);
		return -1;
	}
	if (get_field(root, "", "name", json_type_string, &v, e) < 0)
		return -1;
	if (!v || !*json_object_get_string(v)) {
		cni_seterr(e, CNI_ERR_CONFIG, "name: missing");
		return -1;
	}
	c->name = json_object_get_string(v);
	if (get_field(root, "", "type", json_type_string, &v, e) < 0)
		return -1;

	if (parse_link(root, c, e) || parse_ipam(root, c, e))
		return -1;

	if (get_field(root, "", "runtimeConfig", json_type_object, &rc, e) < 0)
		return -1;
	if (rc) {
		if (get_field(rc, "runtimeConfig.", "bandwidth",
			      json_type_object, &bw, e) < 0)
			return -1;
		if (bw && cni_bandwidth_parse(bw, &c->bw, e))
			return -1;
	}
	if (parse_mac_sources(root, rc, cni_args, c, e))
		return -1;

	if (get_field(root, "", "prevResult", json_type_object,
		      &c->prev_result, e) < 0)
		return -1;
	return 0;
}

void cni_conf_free(struct cni_conf *c)
{
	json_object_put(c->root);
	c->root = NULL;
}

/* "ADDR/PLEN", host bits allowed (an interface address). */
int cni_prefix_parse(const char *s, int *family, uint8_t addr[16],
		     uint8_t *plen)
{
	const char *slash = strchr(s, '/');
	char buf[INET6_ADDRSTRLEN];
	uint32_t n;

	if (!slash || (size_t)(slash - s) >= sizeof(buf))
		return -EINVAL;
	memcpy(buf, s, slash - s);
	buf[slash - s] = '\0';
	memset(addr, 0, 16);
	if (inet_pton(AF_INET, buf, addr) == 1)
		*family = AF_INET;
	else if (inet_pton(AF_INET6, buf, addr) == 1)
		*family = AF_INET6;
	else
		return -EINVAL;
	if (parse_u32(slash + 1, &n) || n > (*family == AF_INET ? 32u : 128u))
		return -EINVAL;
	*plen = n;
	return 0;
}

int cni_ip_parse(const char *s, struct cni_ip *ip)
{
	memset(ip, 0, sizeof(*ip));
	return cni_prefix_parse(s, &ip->family, ip->addr, &ip->plen);
}

static int addr_parse(const char *s, int family, uint8_t addr[16])
{
	memset(addr, 0, 16);
	return inet_pton(family, s, addr) == 1 ? 0 : -EINVAL;
}

static int result_ip(json_object *o, unsigned int i, struct cni_ip *ip,
		     struct cni_err *e)
{
	json_object *v;
	char path[32];

	snprintf(path, sizeof(path), "ips[%u].", i);
	if (!json_object_is_type(o, json_type_object)) {
		cni_seterr(e, CNI_ERR_DECODE, "ips[%u]: expected an object", i);
		return -1;
	}
	if (get_field(o, path, "address", json_type_string, &v, e) < 0)
		goto decode;
	if (!v || cni_ip_parse(json_object_get_string(v), ip)) {
		cni_seterr(e, CNI_ERR_DECODE, "%saddress: missing or not ADDRESS/PREFIXLEN",
			   path);
		return -1;
	}
	if (get_field(o, path, "gateway", json_type_string, &v, e) < 0)
		goto decode;
	if (v) {
		if (addr_parse(json_object_get_string(v), ip->family,
			       ip->gw)) {
			cni_seterr(e, CNI_ERR_DECODE, "%sgateway: \"%s\" is not an address of the address's family",
				   path, json_object_get_string(v));
			return -1;
		}
		ip->has_gw = true;
	}
	return 0;
decode:
	e->code = CNI_ERR_DECODE;
	return -1;
}

static int result_route(json_object *o, unsigned int i, struct cni_route *r,
			struct cni_err *e)
{
	json_object *v;
	char path[32];

	memset(r, 0, sizeof(*r));
	snprintf(path, sizeof(path), "routes[%u].", i);
	if (!json_object_is_type(o, json_type_object)) {
		cni_seterr(e, CNI_ERR_DECODE, "routes[%u]: expected an object", i);
		return -1;
	}
	if (get_field(o, path, "dst", json_type_string, &v, e) < 0)
		goto decode;
	if (!v || cni_prefix_parse(json_object_get_string(v), &r->family,
				   r->dst, &r->plen)) {
		cni_seterr(e, CNI_ERR_DECODE, "%sdst: missing or not ADDRESS/PREFIXLEN",
			   path);
		return -1;
	}
	if (get_field(o, path, "gw", json_type_string, &v, e) < 0)
		goto decode;
	if (v) {
		if (addr_parse(json_object_get_string(v), r->family, r->gw)) {
			cni_seterr(e, CNI_ERR_DECODE, "%sgw: \"%s\" is not an address of dst's family",
				   path, json_object_get_string(v));
			return -1;
		}
		r->has_gw = true;
	}
	return 0;
decode:
	e->code = CNI_ERR_DECODE;
	return -1;
}

/* The ips and routes of an IPAM plugin's result (any result version). */
int cni_result_parse(json_object *res, struct cni_ipam_result *r,
		     struct cni_err *e)
{
	json_object *arr;
	size_t i, n;

	memset(r, 0, sizeof(*r));
	if (get_field(res, "", "ips", json_type_array, &arr, e) < 0)
		goto decode;
	n = arr ? json_object_array_length(arr) : 0;
	if (n > CNI_MAX_IPS) {
		cni_seterr(e, CNI_ERR_DECODE, "ips: more than %d addresses",
			   CNI_MAX_IPS);
		return -1;
	}
	for (i = 0; i < n; i++) {
		if (result_ip(json_object_array_get_idx(arr, i), i,
			      &r->ips[i], e))
			return -1;
	}
	r->n_ips = n;

	if (get_field(res, "", "routes", json_type_array, &arr, e) < 0)
		goto decode;
	n = arr ? json_object_array_length(arr) : 0;
	if (n > CNI_MAX_IPS) {
		cni_seterr(e, CNI_ERR_DECODE, "routes: more than %d routes",
			   CNI_MAX_IPS);
		return -1;
	}
	for (i = 0; i < n; i++) {
		if (result_route(json_object_array_get_idx(arr, i), i,
				 &r->routes[i], e))
			return -1;
	}
	r->n_routes = n;
	return 0;
decode:
	e->code = CNI_ERR_DECODE;
	return -1;
}

/* @obj's array @key, created if absent (or replaced if not an array). */
static json_object *array_of(json_object *obj, const char *key)
{
	json_object *arr;

	if (json_object_object_get_ex(obj, key, &arr) &&
	    json_object_is_type(arr, json_type_array))
		return arr;
	arr = json_object_new_array();
	json_object_object_add(obj, key, arr);
	return arr;
}

/* Version-dependent fields of an IP entry: "version" before 1.0.0 only. */
static void ip_for_version(json_object *ip, const char *cni_version)
{
	json_object *v;
	struct cni_ip parsed;
	const char *addr;

	if (cni_version_cmp(cni_version, "1.0.0") >= 0) {
		json_object_object_del(ip, "version");
		return;
	}
	if (json_object_object_get_ex(ip, "version", &v))
		return;
	if (!json_object_object_get_ex(ip, "address", &v))
		return;
	addr = json_object_get_string(v);
	if (cni_ip_parse(addr, &parsed))
		return;
	json_object_object_add(ip, "version",
			       json_object_new_string(parsed.family == AF_INET6 ?
						      "6" : "4"));
}

/*
 * The ADD result: prevResult (if chained) plus our interface, and the
 * IPAM result's ips (pointing at our interface), routes and dns, in
 * @c->cni_version's format. *if_index is our interface's index.
 */
json_object *cni_result_build(const struct cni_conf *c, json_object *ipam,
			      const char *ifname, const uint8_t mac[MAC_LEN],
			      const char *sandbox, int *if_index)
{
	json_object *res = NULL, *ifs, *iface, *ips, *routes, *arr, *v;
	char macstr[MAC_STR_LEN];
	size_t i, n;
	int idx;

	if (c->prev_result &&
	    json_object_deep_copy(c->prev_result, &res, NULL))
		return NULL;
	if (!res)
		res = json_object_new_object();
	json_object_object_add(res, "cniVersion",
			       json_object_new_string(c->cni_version));

	format_mac(macstr, mac);
	ifs = array_of(res, "interfaces");
	iface = json_object_new_object();
	json_object_object_add(iface, "name", json_object_new_string(ifname));
	json_object_object_add(iface, "mac", json_object_new_string(macstr));
	json_object_object_add(iface, "sandbox",
			       json_object_new_string(sandbox));
	idx = json_object_array_length(ifs);
	json_object_array_add(ifs, iface);
	*if_index = idx;

	ips = array_of(res, "ips");
	if (ipam && json_object_object_get_ex(ipam, "ips", &arr) &&
	    json_object_is_type(arr, json_type_array)) {
		n = json_object_array_length(arr);
		for (i = 0; i < n; i++) {
			v = NULL;
			if (json_object_deep_copy(json_object_array_get_idx(arr, i),
						  &v, NULL))
				continue;
			json_object_object_add(v, "interface",
					       json_object_new_int(idx));
			ip_for_version(v, c->cni_version);
			json_object_array_add(ips, v);
		}
	}
	if (!json_object_array_length(ips))
		json_object_object_del(res, "ips");

	routes = array_of(res, "routes");
	if (ipam && json_object_object_get_ex(ipam, "routes", &arr) &&
	    json_object_is_type(arr, json_type_array)) {
		n = json_object_array_length(arr);
		for (i = 0; i < n; i++) {
			v = NULL;
			if (!json_object_deep_copy(json_object_array_get_idx(arr, i),
						   &v, NULL))
				json_object_array_add(routes, v);
		}
	}
	if (!json_object_array_length(routes))
		json_object_object_del(res, "routes");

	/* DNS: the chain's first answer wins. */
	if (!json_object_object_get_ex(res, "dns", &v) && ipam &&
	    json_object_object_get_ex(ipam, "dns", &v) &&
	    json_object_is_type(v, json_type_object)) {
		json_object *copy = NULL;

		if (!json_object_deep_copy(v, &copy, NULL))
			json_object_object_add(res, "dns", copy);
	}
	if (!json_object_object_get_ex(res, "dns", &v))
		json_object_object_add(res, "dns", json_object_new_object());
	return res;
}

json_object *cni_error_json(const char *cni_version, const struct cni_err *e)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "cniVersion",
			       json_object_new_string(cni_version ?: CNI_VERSION_LATEST));
	json_object_object_add(o, "code", json_object_new_int(e->code));
	json_object_object_add(o, "msg", json_object_new_string(e->msg));
	if (e->details[0])
		json_object_object_add(o, "details",
				       json_object_new_string(e->details));
	return o;
}

json_object *cni_version_json(const char *cni_version)
{
	json_object *o = json_object_new_object(), *arr;
	size_t i;

	json_object_object_add(o, "cniVersion",
			       json_object_new_string(cni_version ?: CNI_VERSION_LATEST));
	arr = json_object_new_array();
	for (i = 0; i < cni_n_versions; i++)
		json_object_array_add(arr, json_object_new_string(cni_versions[i]));
	json_object_object_add(o, "supportedVersions", arr);
	return o;
}
