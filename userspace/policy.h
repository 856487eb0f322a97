/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vnicctl - framing policy and bandwidth share of a vnic: the options of
 * "add" and "set", and the same attributes as reported by the kernel.
 */
#ifndef VNICCTL_POLICY_H
#define VNICCTL_POLICY_H

#include <stdbool.h>
#include <stdint.h>

#include <linux/vnic.h>

#include "util.h"

/*
 * Which members are valid is kept by the user of the struct, as a bit
 * (1 << VNIC_A_DEV_x) per attribute: policy->attrs for parsed options,
 * vnic_dev->present for a kernel reply. An empty list in ethertypes or
 * allowed-ips means "any".
 */
struct vnic_policy {
	uint32_t attrs;			/* options given, VNIC_A_DEV_x bits */
	bool mac_change;
	uint16_t vlan;			/* 0: none */
	uint8_t vlan_prio;
	bool vlan_passthrough;
	bool ethertype_rx;
	unsigned int n_ethertypes;
	uint16_t ethertypes[VNIC_MAX_ETHERTYPES];
	unsigned int n_ips;
	struct ip_prefix ips[VNIC_MAX_PREFIXES];
	bool ips_any;			/* parsing: "allow-ip any" was given */
	uint64_t tx_rate;		/* bits/s, 0: none */
	uint32_t tx_burst;		/* bytes */
	uint64_t rx_rate;		/* bits/s, 0: none */
	uint32_t rx_burst;		/* bytes */
	uint64_t bw_min;		/* bits/s, 0: none */
	uint32_t weight;		/* 1..1000 */
	uint32_t priority;		/* 0..7 */
	char group[16];			/* share group, "": none */
};

#define WEIGHT_MAX	1000
#define WEIGHT_DEFAULT	100
#define PRIORITY_MAX	7

#define POLICY_HAS(p, attr)	(!!((p)->attrs & (1u << (attr))))

#define VLAN_ID_MAX	4094
#define VLAN_PRIO_MAX	7

/* Synopsis of the policy options, for the help text. */
#define POLICY_USAGE \
	"POLICY := [ mac-change { on | off } ] [ vlan { ID [ prio PRIO ] | none } ]\n" \
	"          [ vlan-passthrough { on | off } ] [ ethertype { LIST | any } ]\n" \
	"          [ ethertype-rx { on | off } ] [ allow-ip { PREFIX[,PREFIX...] | any } ]...\n" \
	"          [ rate RATE ] [ burst SIZE ] [ rx-rate RATE ] [ rx-burst SIZE ]\n" \
	"          [ min RATE ] [ weight WEIGHT ] [ prio PRIO ] [ group { NAME | none } ]\n" \
	"LIST := ETHERTYPE[,ETHERTYPE...] (at most " XSTR(VNIC_MAX_ETHERTYPES) ")\n" \
	"ETHERTYPE := { ipv4 | arp | ipv6 | lldp | mpls | pppoe-disc | pppoe | ptp |\n" \
	"               fcoe | roce | 0x0600..0xffff }\n" \
	"PREFIX := ADDRESS[/LENGTH], IPv4 or IPv6 (at most " XSTR(VNIC_MAX_PREFIXES) " in all)\n" \
	"RATE := NUMBER[UNIT] per second, decimals allowed, 0 for no limit\n" \
	"UNIT := { bit | kbit | mbit | gbit | tbit | kibit | mibit | gibit | tibit |\n" \
	"          bps | kbps | mbps | gbps | tbps | kibps | mibps | gibps | tibps }\n" \
	"        (any case; bit by default; k m g t: x1000, ki..ti: x1024; bps: bytes)\n" \
	"SIZE := NUMBER[ b | k | kb | m | mb | g | gb | kbit | mbit | gbit ]\n" \
	"        (b by default, up to 4g - 1; k m g: x1024; kbit mbit gbit: bits)\n" \
	"rate and burst (also tx-rate, tx-burst) shape what the vnic sends,\n" \
	"rx-rate and rx-burst police what it receives.\n" \
	"min (also bw-min) guarantees a TX rate within the parent's capacity;\n" \
	"spare capacity goes by prio (0-7, highest first; also priority),\n" \
	"then by weight (1-" XSTR(WEIGHT_MAX) ", default 100). \"prio\" right after\n" \
	"\"vlan ID\" is the VLAN priority. group puts the vnic in a share group of\n" \
	"its parent (vnicctl group add), whose min and rate hold for its vnics together.\n"

bool policy_is_keyword(const char *arg);
int policy_parse(const char *cmd, struct vnic_policy *p, int argc,
		 char **argv, int *used);
int parse_range_arg(const char *kw, const char *val, uint32_t min,
		    uint32_t max, uint32_t *v);
int parse_ethertype_list(const char *s, uint16_t *types, unsigned int *n);
int parse_prefix_list(const char *s, struct ip_prefix *ips, unsigned int *n);

#endif /* VNICCTL_POLICY_H */
