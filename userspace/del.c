// SPDX-License-Identifier: GPL-2.0
/*
 * vnicctl del { [ name ] NAME | id ID | ifindex IFINDEX }
 */
#include <linux/vnic.h>

#include "dev.h"
#include "nl.h"
#include "vnicctl.h"

int cmd_del(struct vnicctl *ctx, int argc, char **argv)
{
	struct nlmsghdr *nlh;
	struct dev_sel sel;
	struct nl *nl;
	int ret;

	ret = dev_sel_parse("del", argc, argv, &sel);
	if (ret)
		return ret;
	ret = nl_get(ctx, &nl);
	if (ret)
		return ret;

	nlh = nl_msg(nl, VNIC_CMD_DEV_DEL, 0);
	dev_sel_put(nlh, &sel);
	ret = nl_request(nl, nlh, NULL, NULL);
	nl_put(ctx, nl);
	return ret;
}
