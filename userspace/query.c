// SPDX-License-Identifier: GPL-2.0
/*
 * The get commands (show, stats): one vnic by selector, or a dump.
 */
#include <linux/vnic.h>

#include "dev.h"
#include "nl.h"
#include "vnicctl.h"

/* A dump racing with changes is retried this many times. */
#define DEV_GET_TRIES	3

/* The selector attributes have the same numbers in both attribute sets. */
_Static_assert((int)VNIC_A_STATS_ID == (int)VNIC_A_DEV_ID &&
	       (int)VNIC_A_STATS_IFINDEX == (int)VNIC_A_DEV_IFINDEX &&
	       (int)VNIC_A_STATS_NAME == (int)VNIC_A_DEV_NAME,
	       "vnic selector attributes differ between sets");

/**
 * dev_get - run a get command
 * @ctx: global options (the batch's socket)
 * @what: command name, for messages
 * @argc: arguments after the command; none means dump every vnic
 * @argv: the arguments (a selector)
 * @cmd: VNIC_CMD_DEV_GET or VNIC_CMD_STATS_GET
 * @cb: parses one reply message into @data
 * @data: the caller's list
 * @n: the list's length, reset before a dump is retried
 *
 * Return: a VNICCTL_EXIT_* code, errors already reported.
 */
int dev_get(struct vnicctl *ctx, const char *what, int argc, char **argv,
	    uint8_t cmd, mnl_cb_t cb, void *data, size_t *n)
{
	bool dump = argc == 0;
	struct nlmsghdr *nlh;
	struct dev_sel sel;
	int ret, err, tries = 0;
	struct nl *nl;

	if (!dump) {
		ret = dev_sel_parse(what, argc, argv, &sel);
		if (ret)
			return ret;
	}
	ret = nl_get(ctx, &nl);
	if (ret)
		return ret;

	do {
		*n = 0;
		nlh = nl_msg(nl, cmd, dump ? NLM_F_DUMP : 0);
		if (!dump)
			dev_sel_put(nlh, &sel);
		err = nl_exchange(nl, nlh, cb, data);
	} while (nl_dump_interrupted(nl, err) && ++tries < DEV_GET_TRIES);

	ret = nl_report(nl, err);
	nl_put(ctx, nl);
	return ret;
}
