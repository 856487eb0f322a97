// SPDX-License-Identifier: GPL-2.0
/*
 * vnicctl set { [ name ] NAME | id ID | ifindex IFINDEX } [ mac MAC ] [ POLICY ]
 */
#include <string.h>

#include <linux/vnic.h>

#include "dev.h"
#include "nl.h"
#include "policy.h"
#include "util.h"
#include "vnicctl.h"

struct set_args {
	struct dev_sel sel;
	bool has_sel;
	uint8_t mac[MAC_LEN];
	bool has_mac;
	struct vnic_policy policy;
};

static int set_sel(struct set_args *a, const char *kw, const char *val)
{
	if (a->has_sel) {
		pr_err("set: more than one vnic given (\"%s\")", kw ? kw : val);
		return VNICCTL_EXIT_FAIL;
	}
	a->has_sel = true;
	return dev_sel_set(&a->sel, kw, val);
}

/* "mac MAC" or a selector keyword with its value */
static int set_keyword(struct set_args *a, const char *kw, const char *val)
{
	if (strcmp(kw, "mac"))
		return set_sel(a, kw, val);
	if (a->has_mac) {
		pr_err("set: \"mac\" given more than once");
		return VNICCTL_EXIT_FAIL;
	}
	if (mac_arg(val, a->mac))
		return VNICCTL_EXIT_FAIL;
	a->has_mac = true;
	return VNICCTL_EXIT_OK;
}

static int set_parse(struct set_args *a, int argc, char **argv)
{
	int i, ret, used;

	for (i = 0; i < argc; i += used) {
		used = 2;
		if (policy_is_keyword(argv[i])) {
			ret = policy_parse("set", &a->policy, argc - i,
					   argv + i, &used);
		} else if (dev_sel_is_keyword(argv[i]) ||
			   !strcmp(argv[i], "mac")) {
			if (i + 1 >= argc) {
				pr_err("set: missing value after \"%s\"",
				       argv[i]);
				return VNICCTL_EXIT_FAIL;
			}
			ret = set_keyword(a, argv[i], argv[i + 1]);
		} else if (!a->has_sel) {
			ret = set_sel(a, NULL, argv[i]);
			used = 1;
		} else {
			pr_err("set: unexpected argument \"%s\"", argv[i]);
			ret = VNICCTL_EXIT_FAIL;
		}
		if (ret)
			return ret;
	}

	if (!a->has_sel) {
		pr_err("set: missing vnic: expected %s", DEV_SEL_USAGE);
		return VNICCTL_EXIT_FAIL;
	}
	if (!a->has_mac && !a->policy.attrs) {
		pr_err("set: nothing to change");
		return VNICCTL_EXIT_FAIL;
	}
	return VNICCTL_EXIT_OK;
}

int cmd_set(struct vnicctl *ctx, int argc, char **argv)
{
	struct set_args a = { 0 };
	struct nlmsghdr *nlh;
	struct nl *nl;
	int ret;

	ret = set_parse(&a, argc, argv);
	if (ret)
		return ret;
	ret = nl_get(ctx, &nl);
	if (ret)
		return ret;

	nlh = nl_msg(nl, VNIC_CMD_DEV_SET, 0);
	dev_sel_put(nlh, &a.sel);
	if (a.has_mac)
		mnl_attr_put(nlh, VNIC_A_DEV_MAC, MAC_LEN, a.mac);
	policy_put(nlh, &a.policy);

	/* Like "ip link set", print nothing on success. */
	ret = nl_request(nl, nlh, NULL, NULL);
	nl_put(ctx, nl);
	return ret;
}
