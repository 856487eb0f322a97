// SPDX-License-Identifier: GPL-2.0
/*
 * vnicctl - parsing of vnic device attributes and of device selectors.
 */
#include <string.h>

#include <linux/genetlink.h>
#include <linux/vnic.h>

#include "dev.h"
#include "vnicctl.h"

static void dev_set_str(char *dst, size_t size, const struct nlattr *attr)
{
	size_t len = strnlen(mnl_attr_get_str(attr),
			     mnl_attr_get_payload_len(attr));

	if (len >= size)
		len = size - 1;
	memcpy(dst, mnl_attr_get_str(attr), len);
	dst[len] = '\0';
}

/*
 * Fill @dev from a DEV_GET/DEV_NEW reply. Malformed attributes are
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
			if (mnl_attr_validate(attr, MNL_TYPE_U32) < 0)
				continue;
			break;
		case VNIC_A_DEV_NAME:
		case VNIC_A_DEV_PARENT_NAME:
			if (mnl_attr_validate(attr, MNL_TYPE_STRING) < 0)
				continue;
			break;
		case VNIC_A_DEV_MAC:
			if (mnl_attr_get_payload_len(attr) != MAC_LEN)
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
			dev_set_str(dev->name, sizeof(dev->name), attr);
			break;
		case VNIC_A_DEV_PARENT_NAME:
			dev_set_str(dev->parent_name, sizeof(dev->parent_name),
				    attr);
			break;
		case VNIC_A_DEV_MAC:
			memcpy(dev->mac, mnl_attr_get_payload(attr), MAC_LEN);
			break;
		}
		dev->present |= 1u << type;
	}
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
	if (!strcmp(argv[0], "name") || !strcmp(argv[0], "id") ||
	    !strcmp(argv[0], "ifindex")) {
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

void dev_sel_put(struct nlmsghdr *nlh, const struct dev_sel *sel)
{
	if (sel->attr == VNIC_A_DEV_NAME)
		mnl_attr_put_strz(nlh, sel->attr, sel->name);
	else
		mnl_attr_put_u32(nlh, sel->attr, sel->num);
}
