/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vnicctl - vnic device attributes, selectors and output.
 */
#ifndef VNICCTL_DEV_H
#define VNICCTL_DEV_H

#include <stdint.h>
#include <stdio.h>

#include <net/if.h>
#include <libmnl/libmnl.h>

#include "json.h"
#include "policy.h"
#include "util.h"

struct vnicctl;

/* A vnic as reported by VNIC_CMD_DEV_GET/NEW/SET. */
struct vnic_dev {
	uint32_t present;	/* bit (1 << VNIC_A_DEV_x) per attribute */
	uint32_t id;
	uint32_t ifindex;
	uint32_t parent_ifindex;
	uint32_t mode;
	int32_t netnsid;
	int32_t parent_netnsid;
	uint8_t mac[MAC_LEN];
	char name[IF_NAMESIZE];
	char parent_name[IF_NAMESIZE];
	struct vnic_policy policy;	/* valid members: see present */
	uint64_t tx_alloc;	/* bits/s the scheduler lets it send at */
	uint64_t tx_measured;	/* bits/s it sends at, as measured */
};

/* Vnics collected by dev_list_cb(). */
struct dev_list {
	struct vnic_dev *devs;
	size_t n;
	size_t cap;
};

int dev_list_cb(const struct nlmsghdr *nlh, void *data);

#define DEV_HAS(dev, attr)	(!!((dev)->present & (1u << (attr))))

bool attr_get_uint(const struct nlattr *attr, uint64_t *val);
void dev_parse(const struct nlmsghdr *nlh, struct vnic_dev *dev);
void attr_strcpy(char *dst, size_t size, const struct nlattr *attr);

/* Selects one vnic: { [name] NAME | id ID | ifindex IFINDEX } */
struct dev_sel {
	uint16_t attr;		/* VNIC_A_DEV_ID, _IFINDEX or _NAME */
	uint32_t num;
	const char *name;
};

#define DEV_SEL_USAGE	"{ [ name ] NAME | id ID | ifindex IFINDEX }"

bool dev_sel_is_keyword(const char *arg);
int dev_sel_set(struct dev_sel *sel, const char *kw, const char *val);
int dev_sel_parse(const char *cmd, int argc, char **argv,
		  struct dev_sel *sel);
void dev_sel_put(struct nlmsghdr *nlh, const struct dev_sel *sel);
int dev_get(struct vnicctl *ctx, const char *what, int argc, char **argv,
	    uint8_t cmd, mnl_cb_t cb, void *data, size_t *n);

void policy_put(struct nlmsghdr *nlh, const struct vnic_policy *p);

void dev_print_table(FILE *f, const struct vnic_dev *devs, size_t n,
		     bool details);
void dev_print_details(FILE *f, const struct vnic_dev *dev);
void dev_print_table_cb(FILE *f, const struct vnic_dev *devs, size_t n,
			bool details,
			void (*after_row)(FILE *f, const struct vnic_dev *d,
					  void *arg),
			void *arg);
void dev_print_json(struct json *j, const struct vnic_dev *dev);
void dev_print_json_members(struct json *j, const struct vnic_dev *dev);

#endif /* VNICCTL_DEV_H */
