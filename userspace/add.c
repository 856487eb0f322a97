// SPDX-License-Identifier: GPL-2.0
/*
 * vnicctl add [ name ] NAME link PARENT [ mac MAC ] [ mode MODE ] [ POLICY ]
 */
#include <string.h>

#include <net/if.h>

#include <linux/vnic.h>

#include "dev.h"
#include "nl.h"
#include "policy.h"
#include "util.h"
#include "vnicctl.h"

struct add_args {
	const char *name;
	const char *parent;
	uint32_t parent_ifindex;
	uint8_t mac[MAC_LEN];
	bool has_mac;
	uint32_t mode;
	bool has_mode;
	struct vnic_policy policy;
};

static int add_keyword(struct add_args *a, const char *kw, const char *val)
{
	if (!strcmp(kw, "name")) {
		if (a->name)
			goto dup;
		a->name = val;
	} else if (!strcmp(kw, "link")) {
		if (a->parent)
			goto dup;
		a->parent = val;
	} else if (!strcmp(kw, "mac")) {
		if (a->has_mac)
			goto dup;
		if (mac_arg(val, a->mac))
			return VNICCTL_EXIT_FAIL;
		a->has_mac = true;
	} else {
		if (a->has_mode)
			goto dup;
		if (parse_mode(val, &a->mode)) {
			pr_err("invalid mode \"%s\": expected \"private\" or \"bridge\"",
			       val);
			return VNICCTL_EXIT_FAIL;
		}
		a->has_mode = true;
	}
	return VNICCTL_EXIT_OK;

dup:
	pr_err("add: \"%s\" given more than once", kw);
	return VNICCTL_EXIT_FAIL;
}

static bool is_keyword(const char *arg)
{
	return !strcmp(arg, "name") || !strcmp(arg, "link") ||
	       !strcmp(arg, "mac") || !strcmp(arg, "mode");
}

static int add_parse(struct add_args *a, int argc, char **argv)
{
	int i, ret, used;

	for (i = 0; i < argc; i++) {
		if (policy_is_keyword(argv[i])) {
			ret = policy_parse("add", &a->policy, argc - i,
					   argv + i, &used);
			if (ret)
				return ret;
			i += used - 1;
		} else if (is_keyword(argv[i])) {
			if (i + 1 >= argc) {
				pr_err("add: missing value after \"%s\"",
				       argv[i]);
				return VNICCTL_EXIT_FAIL;
			}
			ret = add_keyword(a, argv[i], argv[i + 1]);
			if (ret)
				return ret;
			i++;
		} else if (!a->name) {
			a->name = argv[i];
		} else {
			pr_err("add: unexpected argument \"%s\"", argv[i]);
			return VNICCTL_EXIT_FAIL;
		}
	}

	if (!a->name) {
		pr_err("add: missing vnic name");
		return VNICCTL_EXIT_FAIL;
	}
	if (!check_ifname(a->name))
		return VNICCTL_EXIT_FAIL;
	if (!a->parent) {
		pr_err("add: missing \"link PARENT\"");
		return VNICCTL_EXIT_FAIL;
	}
	a->parent_ifindex = if_nametoindex(a->parent);
	if (!a->parent_ifindex) {
		pr_err("parent \"%s\": no such device", a->parent);
		return VNICCTL_EXIT_FAIL;
	}
	return VNICCTL_EXIT_OK;
}

int cmd_add(struct vnicctl *ctx, int argc, char **argv)
{
	struct add_args a = { 0 };
	struct nlmsghdr *nlh;
	struct nl *nl;
	int ret;

	ret = add_parse(&a, argc, argv);
	if (ret)
		return ret;
	ret = nl_get(ctx, &nl);
	if (ret)
		return ret;

	nlh = nl_msg(nl, VNIC_CMD_DEV_NEW, 0);
	mnl_attr_put_strz(nlh, VNIC_A_DEV_NAME, a.name);
	mnl_attr_put_u32(nlh, VNIC_A_DEV_PARENT_IFINDEX, a.parent_ifindex);
	if (a.has_mac)
		mnl_attr_put(nlh, VNIC_A_DEV_MAC, MAC_LEN, a.mac);
	if (a.has_mode)
		mnl_attr_put_u32(nlh, VNIC_A_DEV_MODE, a.mode);
	policy_put(nlh, &a.policy);

	/* Like "ip link add", print nothing on success. */
	ret = nl_request(nl, nlh, NULL, NULL);
	nl_put(ctx, nl);
	return ret;
}
