// SPDX-License-Identifier: GPL-2.0
/*
 * vnicctl - parsing of vnic device attributes and of device selectors.
 */
#include <string.h>

#include <sys/socket.h>

#include <linux/genetlink.h>
#include <linux/vnic.h>

#include "dev.h"
#include "vnicctl.h"

/* Copy a string attribute into @dst, truncated to @size - 1 bytes. */
void attr_strcpy(char *dst, size_t size, const struct nlattr *attr)
{
	size_t len = strnlen(mnl_attr_get_str(attr),
			     mnl_attr_get_payload_len(attr));

	if (len >= size)
		len = size - 1;
	memcpy(dst, mnl_attr_get_str(attr), len);
	dst[len] = '\0';
}

/* An NLA_UINT is sent as 4 bytes if the value fits, else as 8. */
bool attr_get_uint(const struct nlattr *attr, uint64_t *val)
{
	switch (mnl_attr_get_payload_len(attr)) {
	case sizeof(uint32_t):
		*val = mnl_attr_get_u32(attr);
		return true;
	case sizeof(uint64_t):
		*val = mnl_attr_get_u64(attr);
		return true;
	}
	return false;
}

static void dev_parse_ethertypes(const struct nlattr *nest,
				 struct vnic_policy *p)
{
	const struct nlattr *attr;

	p->n_ethertypes = 0;
	mnl_attr_for_each_nested(attr, nest) {
		if (mnl_attr_get_type(attr) != VNIC_A_ETHERTYPES_ETHERTYPE ||
		    mnl_attr_validate(attr, MNL_TYPE_U16) < 0 ||
		    p->n_ethertypes == VNIC_MAX_ETHERTYPES)
			continue;
		p->ethertypes[p->n_ethertypes++] = mnl_attr_get_u16(attr);
	}
}

/* Returns false if the VNIC_A_ALLOWED_IPS_PREFIX nest is malformed. */
static bool dev_parse_prefix(const struct nlattr *nest, struct ip_prefix *p)
{
	bool has_addr = false, has_plen = false;
	const struct nlattr *attr;
	size_t len;

	memset(p, 0, sizeof(*p));
	mnl_attr_for_each_nested(attr, nest) {
		switch (mnl_attr_get_type(attr)) {
		case VNIC_A_PREFIX_ADDR:
			len = mnl_attr_get_payload_len(attr);
			if (len != 4 && len != 16)
				break;
			p->family = len == 4 ? AF_INET : AF_INET6;
			memcpy(p->addr, mnl_attr_get_payload(attr), len);
			has_addr = true;
			break;
		case VNIC_A_PREFIX_PLEN:
			if (mnl_attr_validate(attr, MNL_TYPE_U8) < 0)
				break;
			p->plen = mnl_attr_get_u8(attr);
			has_plen = true;
			break;
		}
	}
	return has_addr && has_plen && p->plen <= 8 * prefix_addr_len(p);
}

static void dev_parse_ips(const struct nlattr *nest, struct vnic_policy *p)
{
	const struct nlattr *attr;

	p->n_ips = 0;
	mnl_attr_for_each_nested(attr, nest) {
		if (mnl_attr_get_type(attr) != VNIC_A_ALLOWED_IPS_PREFIX ||
		    mnl_attr_validate(attr, MNL_TYPE_NESTED) < 0 ||
		    p->n_ips == VNIC_MAX_PREFIXES)
			continue;
		if (dev_parse_prefix(attr, &p->ips[p->n_ips]))
			p->n_ips++;
	}
}

/*
 * Fill @dev from a DEV_GET/DEV_NEW/DEV_SET reply. Malformed attributes are
 * treated as absent, unknown ones (from a newer kernel) are skipped.
 */
void dev_parse(const struct nlmsghdr *nlh, struct vnic_dev *dev)
{
	const struct nlattr *attr;
	uint16_t type;

	memset(dev, 0, sizeof(*dev));
	mnl_attr_for_each(attr, nlh, sizeof(struct genlmsghdr)) {
		type = mnl_attr_get_type(attr);
		switch (type) {
		case VNIC_A_DEV_ID:
		case VNIC_A_DEV_IFINDEX:
		case VNIC_A_DEV_PARENT_IFINDEX:
		case VNIC_A_DEV_MODE:
		case VNIC_A_DEV_NETNSID:
		case VNIC_A_DEV_PARENT_NETNSID:
		case VNIC_A_DEV_TX_BURST:
		case VNIC_A_DEV_RX_BURST:
		case VNIC_A_DEV_WEIGHT:
		case VNIC_A_DEV_PRIORITY:
			if (mnl_attr_validate(attr, MNL_TYPE_U32) < 0)
				continue;
			break;
		case VNIC_A_DEV_NAME:
		case VNIC_A_DEV_PARENT_NAME:
		case VNIC_A_DEV_GROUP:
			if (mnl_attr_validate(attr, MNL_TYPE_STRING) < 0)
				continue;
			break;
		case VNIC_A_DEV_MAC:
			if (mnl_attr_get_payload_len(attr) != MAC_LEN)
				continue;
			break;
		case VNIC_A_DEV_MAC_CHANGE:
		case VNIC_A_DEV_VLAN_PRIO:
		case VNIC_A_DEV_VLAN_PASSTHROUGH:
		case VNIC_A_DEV_ETHERTYPE_RX:
			if (mnl_attr_validate(attr, MNL_TYPE_U8) < 0)
				continue;
			break;
		case VNIC_A_DEV_VLAN:
			if (mnl_attr_validate(attr, MNL_TYPE_U16) < 0)
				continue;
			break;
		case VNIC_A_DEV_ETHERTYPES:
		case VNIC_A_DEV_ALLOWED_IPS:
			if (mnl_attr_validate(attr, MNL_TYPE_NESTED) < 0)
				continue;
			break;
		case VNIC_A_DEV_TX_RATE:
			if (!attr_get_uint(attr, &dev->policy.tx_rate))
				continue;
			break;
		case VNIC_A_DEV_RX_RATE:
			if (!attr_get_uint(attr, &dev->policy.rx_rate))
				continue;
			break;
		case VNIC_A_DEV_BW_MIN:
			if (!attr_get_uint(attr, &dev->policy.bw_min))
				continue;
			break;
		case VNIC_A_DEV_TX_ALLOC:
			if (!attr_get_uint(attr, &dev->tx_alloc))
				continue;
			break;
		case VNIC_A_DEV_TX_MEASURED:
			if (!attr_get_uint(attr, &dev->tx_measured))
				continue;
			break;
		default:
			continue;
		}

		switch (type) {
		case VNIC_A_DEV_ID:
			dev->id = mnl_attr_get_u32(attr);
			break;
		case VNIC_A_DEV_IFINDEX:
			dev->ifindex = mnl_attr_get_u32(attr);
			break;
		case VNIC_A_DEV_PARENT_IFINDEX:
			dev->parent_ifindex = mnl_attr_get_u32(attr);
			break;
		case VNIC_A_DEV_MODE:
			dev->mode = mnl_attr_get_u32(attr);
			break;
		case VNIC_A_DEV_NETNSID:
			dev->netnsid = (int32_t)mnl_attr_get_u32(attr);
			break;
		case VNIC_A_DEV_PARENT_NETNSID:
			dev->parent_netnsid = (int32_t)mnl_attr_get_u32(attr);
			break;
		case VNIC_A_DEV_NAME:
			attr_strcpy(dev->name, sizeof(dev->name), attr);
			break;
		case VNIC_A_DEV_PARENT_NAME:
			attr_strcpy(dev->parent_name, sizeof(dev->parent_name),
				    attr);
			break;
		case VNIC_A_DEV_MAC:
			memcpy(dev->mac, mnl_attr_get_payload(attr), MAC_LEN);
			break;
		case VNIC_A_DEV_MAC_CHANGE:
			dev->policy.mac_change = mnl_attr_get_u8(attr);
			break;
		case VNIC_A_DEV_VLAN:
			dev->policy.vlan = mnl_attr_get_u16(attr);
			break;
		case VNIC_A_DEV_VLAN_PRIO:
			dev->policy.vlan_prio = mnl_attr_get_u8(attr);
			break;
		case VNIC_A_DEV_VLAN_PASSTHROUGH:
			dev->policy.vlan_passthrough = mnl_attr_get_u8(attr);
			break;
		case VNIC_A_DEV_ETHERTYPE_RX:
			dev->policy.ethertype_rx = mnl_attr_get_u8(attr);
			break;
		case VNIC_A_DEV_ETHERTYPES:
			dev_parse_ethertypes(attr, &dev->policy);
			break;
		case VNIC_A_DEV_ALLOWED_IPS:
			dev_parse_ips(attr, &dev->policy);
			break;
		case VNIC_A_DEV_TX_BURST:
			dev->policy.tx_burst = mnl_attr_get_u32(attr);
			break;
		case VNIC_A_DEV_RX_BURST:
			dev->policy.rx_burst = mnl_attr_get_u32(attr);
			break;
		case VNIC_A_DEV_WEIGHT:
			dev->policy.weight = mnl_attr_get_u32(attr);
			break;
		case VNIC_A_DEV_PRIORITY:
			dev->policy.priority = mnl_attr_get_u32(attr);
			break;
		case VNIC_A_DEV_GROUP:
			attr_strcpy(dev->policy.group,
				    sizeof(dev->policy.group), attr);
			break;
		}
		dev->present |= 1u << type;
	}
}

bool dev_sel_is_keyword(const char *arg)
{
	return !strcmp(arg, "name") || !strcmp(arg, "id") ||
	       !strcmp(arg, "ifindex");
}

/*
 * Fill @sel from a selector keyword ("name", "id", "ifindex", or NULL for
 * a bare name) and its value. Prints the problem and returns an exit code.
 */
int dev_sel_set(struct dev_sel *sel, const char *kw, const char *val)
{
	memset(sel, 0, sizeof(*sel));
	if (!kw || !strcmp(kw, "name")) {
		if (!check_ifname(val))
			return VNICCTL_EXIT_FAIL;
		sel->attr = VNIC_A_DEV_NAME;
		sel->name = val;
		return VNICCTL_EXIT_OK;
	}

	sel->attr = strcmp(kw, "id") ? VNIC_A_DEV_IFINDEX : VNIC_A_DEV_ID;
	if (parse_u32(val, &sel->num) || !sel->num) {
		pr_err("invalid %s \"%s\": expected a number from 1 to %u",
		       kw, val, UINT32_MAX);
		return VNICCTL_EXIT_FAIL;
	}
	return VNICCTL_EXIT_OK;
}

/*
 * Parse the arguments of a command that acts on exactly one vnic.
 * Prints the problem and returns an exit code.
 */
int dev_sel_parse(const char *cmd, int argc, char **argv, struct dev_sel *sel)
{
	const char *kw = NULL, *val;
	int used = 1;

	if (argc < 1) {
		pr_err("%s: missing vnic: expected %s", cmd, DEV_SEL_USAGE);
		return VNICCTL_EXIT_FAIL;
	}
	val = argv[0];
	if (dev_sel_is_keyword(argv[0])) {
		kw = argv[0];
		if (argc < 2) {
			pr_err("%s: missing value after \"%s\"", cmd, kw);
			return VNICCTL_EXIT_FAIL;
		}
		val = argv[1];
		used = 2;
	}
	if (argc > used) {
		pr_err("%s: unexpected argument \"%s\"", cmd, argv[used]);
		return VNICCTL_EXIT_FAIL;
	}
	return dev_sel_set(sel, kw, val);
}

void dev_sel_put(struct nlmsghdr *nlh, const struct dev_sel *sel)
{
	if (sel->attr == VNIC_A_DEV_NAME)
		mnl_attr_put_strz(nlh, sel->attr, sel->name);
	else
		mnl_attr_put_u32(nlh, sel->attr, sel->num);
}

/* Add the attributes of the policy options given in @p to a request. */
void policy_put(struct nlmsghdr *nlh, const struct vnic_policy *p)
{
	struct nlattr *nest, *prefix;
	unsigned int i;

	if (POLICY_HAS(p, VNIC_A_DEV_MAC_CHANGE))
		mnl_attr_put_u8(nlh, VNIC_A_DEV_MAC_CHANGE, p->mac_change);
	if (POLICY_HAS(p, VNIC_A_DEV_VLAN))
		mnl_attr_put_u16(nlh, VNIC_A_DEV_VLAN, p->vlan);
	if (POLICY_HAS(p, VNIC_A_DEV_VLAN_PRIO))
		mnl_attr_put_u8(nlh, VNIC_A_DEV_VLAN_PRIO, p->vlan_prio);
	if (POLICY_HAS(p, VNIC_A_DEV_VLAN_PASSTHROUGH))
		mnl_attr_put_u8(nlh, VNIC_A_DEV_VLAN_PASSTHROUGH,
				p->vlan_passthrough);
	if (POLICY_HAS(p, VNIC_A_DEV_ETHERTYPE_RX))
		mnl_attr_put_u8(nlh, VNIC_A_DEV_ETHERTYPE_RX, p->ethertype_rx);

	/* NLA_UINT: the kernel takes 4 or 8 bytes, always send 8. */
	if (POLICY_HAS(p, VNIC_A_DEV_TX_RATE))
		mnl_attr_put_u64(nlh, VNIC_A_DEV_TX_RATE, p->tx_rate);
	if (POLICY_HAS(p, VNIC_A_DEV_TX_BURST))
		mnl_attr_put_u32(nlh, VNIC_A_DEV_TX_BURST, p->tx_burst);
	if (POLICY_HAS(p, VNIC_A_DEV_RX_RATE))
		mnl_attr_put_u64(nlh, VNIC_A_DEV_RX_RATE, p->rx_rate);
	if (POLICY_HAS(p, VNIC_A_DEV_RX_BURST))
		mnl_attr_put_u32(nlh, VNIC_A_DEV_RX_BURST, p->rx_burst);
	if (POLICY_HAS(p, VNIC_A_DEV_BW_MIN))
		mnl_attr_put_u64(nlh, VNIC_A_DEV_BW_MIN, p->bw_min);
	if (POLICY_HAS(p, VNIC_A_DEV_WEIGHT))
		mnl_attr_put_u32(nlh, VNIC_A_DEV_WEIGHT, p->weight);
	if (POLICY_HAS(p, VNIC_A_DEV_PRIORITY))
		mnl_attr_put_u32(nlh, VNIC_A_DEV_PRIORITY, p->priority);
	if (POLICY_HAS(p, VNIC_A_DEV_GROUP))
		mnl_attr_put_strz(nlh, VNIC_A_DEV_GROUP, p->group);

	/* An empty nest means "any". */
	if (POLICY_HAS(p, VNIC_A_DEV_ETHERTYPES)) {
		nest = mnl_attr_nest_start(nlh, VNIC_A_DEV_ETHERTYPES);
		for (i = 0; i < p->n_ethertypes; i++)
			mnl_attr_put_u16(nlh, VNIC_A_ETHERTYPES_ETHERTYPE,
					 p->ethertypes[i]);
		mnl_attr_nest_end(nlh, nest);
	}
	if (POLICY_HAS(p, VNIC_A_DEV_ALLOWED_IPS)) {
		nest = mnl_attr_nest_start(nlh, VNIC_A_DEV_ALLOWED_IPS);
		for (i = 0; i < p->n_ips; i++) {
			prefix = mnl_attr_nest_start(nlh,
						     VNIC_A_ALLOWED_IPS_PREFIX);
			mnl_attr_put(nlh, VNIC_A_PREFIX_ADDR,
				     prefix_addr_len(&p->ips[i]),
				     p->ips[i].addr);
			mnl_attr_put_u8(nlh, VNIC_A_PREFIX_PLEN, p->ips[i].plen);
			mnl_attr_nest_end(nlh, prefix);
		}
		mnl_attr_nest_end(nlh, nest);
	}
}
