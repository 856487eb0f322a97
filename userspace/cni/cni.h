/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vnic CNI plugin - network configuration, IPAM results and the results
 * and errors it prints (CNI spec 1.0.0, results for 0.3.x/0.4.0 too).
 *
 * conf.c is pure (JSON in, structs and JSON out): the unit tests run it on
 * the host. vnic.c does the work (netlink, namespaces, IPAM exec).
 */
#ifndef VNIC_CNI_H
#define VNIC_CNI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <json-c/json.h>
#include <linux/vnic.h>

#include "../util.h"

/* Error codes of the CNI spec ("Error" section); 999: internal/other. */
enum {
	CNI_ERR_VERSION		= 1,	/* incompatible CNI version */
	CNI_ERR_UNSUPPORTED	= 2,	/* unsupported field in network config */
	CNI_ERR_NO_CONTAINER	= 3,	/* container unknown or does not exist */
	CNI_ERR_ENV		= 4,	/* invalid necessary environment variables */
	CNI_ERR_IO		= 5,	/* I/O failure */
	CNI_ERR_DECODE		= 6,	/* failed to decode content */
	CNI_ERR_CONFIG		= 7,	/* invalid network config */
	CNI_ERR_TRY_AGAIN	= 11,	/* try again later */
	CNI_ERR_INTERNAL	= 999,
};

struct cni_err {
	int code;		/* 0: no error */
	char msg[512];
	char details[512];
};

void cni_seterr(struct cni_err *e, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#define CNI_VERSION_LATEST	"1.0.0"
/* Oldest first; CHECK needs 0.4.0 or later. */
extern const char *const cni_versions[];
extern const size_t cni_n_versions;

bool cni_version_supported(const char *v);
int cni_version_cmp(const char *a, const char *b);

struct cni_bandwidth {
	uint64_t ingress_rate;		/* bits/s, 0: none */
	uint64_t ingress_burst;		/* bits, 0: kernel default */
	uint64_t egress_rate;
	uint64_t egress_burst;
};

#define CNI_MAX_IPS		VNIC_MAX_PREFIXES

/* An IP of an IPAM result: address/plen on the interface, gateway. */
struct cni_ip {
	int family;			/* AF_INET or AF_INET6 */
	uint8_t addr[16];
	uint8_t plen;
	bool has_gw;
	uint8_t gw[16];
};

struct cni_route {
	int family;
	uint8_t dst[16];
	uint8_t plen;
	bool has_gw;
	uint8_t gw[16];
};

struct cni_ipam_result {
	unsigned int n_ips;
	struct cni_ip ips[CNI_MAX_IPS];
	unsigned int n_routes;
	struct cni_route routes[CNI_MAX_IPS];
};

struct cni_conf {
	json_object *root;		/* the whole config, owned */
	const char *cni_version;
	const char *name;
	const char *master;		/* NULL if not given */
	bool has_mode;
	uint32_t mode;			/* VNIC_MODE_* */
	uint32_t mtu;			/* 0: the vnic's default */
	uint16_t vlan;			/* 0: no port VLAN */
	bool has_mac;
	uint8_t mac[MAC_LEN];
	bool spoof_check;		/* default true */
	const char *ipam_type;		/* NULL: no IPAM */
	struct cni_bandwidth bw;
	json_object *prev_result;	/* borrowed from root, or NULL */
};

int cni_conf_parse(const char *buf, size_t len, const char *cni_args,
		   struct cni_conf *c, struct cni_err *e);
void cni_conf_free(struct cni_conf *c);
int cni_args_mac(const char *cni_args, bool *has_mac, uint8_t mac[MAC_LEN],
		 struct cni_err *e);
int cni_bandwidth_parse(json_object *bw, struct cni_bandwidth *out,
			struct cni_err *e);

json_object *cni_json_parse(const char *buf, size_t len, struct cni_err *e,
			    const char *what);
int cni_result_parse(json_object *res, struct cni_ipam_result *r,
		     struct cni_err *e);
int cni_ip_parse(const char *s, struct cni_ip *ip);
int cni_prefix_parse(const char *s, int *family, uint8_t addr[16],
		     uint8_t *plen);
json_object *cni_result_build(const struct cni_conf *c, json_object *ipam,
			      const char *ifname, const uint8_t mac[MAC_LEN],
			      const char *sandbox, int *if_index);
json_object *cni_error_json(const char *cni_version, const struct cni_err *e);
json_object *cni_version_json(const char *cni_version);

#endif /* VNIC_CNI_H */
