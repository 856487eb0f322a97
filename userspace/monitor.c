// SPDX-License-Identifier: GPL-2.0
/*
 * vnicctl monitor
 *
 * Subscribes to the family's "monitor" multicast group and prints one line
 * per event as it comes, until interrupted:
 *
 *   new v0 (id 3) parent eth0 mac 02:..:01 mode private
 *   set v0 (id 3) parent eth0 mac 02:..:01 mode private
 *   parent-gone v0 (id 3) parent eth0 mac 02:..:01 mode private
 *   del v0 (id 3) parent eth0 mac 02:..:01 mode private
 *   parent-set eth0 (ifindex 2) capacity 60Mbit burst 75000b vnics 3
 *   group-new g0 parent eth0 min 25Mbit rate 30Mbit weight 100 prio 0 vnics 0
 *
 * (" netnsid N" / " parent-netnsid N" follow when the vnic or its parent
 * lives in another namespace). With -j, one JSON object per line:
 * {"event":"new","vnic":{...as in show -j...}}, or
 * {"event":"parent-set","parent":{...as in parent show -j...}}, or
 * {"event":"group-new","group":{...as in group show -j...}}. The events a namespace
 * gets are those of the vnics it sees (show): in it, or with the parent
 * in it.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/vnic.h>

#include "dev.h"
#include "group.h"
#include "nl.h"
#include "parent.h"
#include "util.h"
#include "vnicctl.h"

static const char *const event_names[] = {
	[VNIC_CMD_DEV_NEW_NTF]		= "new",
	[VNIC_CMD_DEV_DEL_NTF]		= "del",
	[VNIC_CMD_DEV_SET_NTF]		= "set",
	[VNIC_CMD_PARENT_GONE_NTF]	= "parent-gone",
	[VNIC_CMD_PARENT_SET_NTF]	= "parent-set",
	[VNIC_CMD_GROUP_NEW_NTF]	= "group-new",
	[VNIC_CMD_GROUP_SET_NTF]	= "group-set",
	[VNIC_CMD_GROUP_DEL_NTF]	= "group-del",
};

/*
 * A parent event, "parent-set p0 (ifindex 2) capacity ... vnics N", or a
 * group event, "group-new g0 parent p0 min ... vnics N".
 */
static void monitor_print_object(const struct vnicctl *ctx, const char *event,
				 const struct nlmsghdr *nlh, bool group)
{
	struct vnic_parent p;
	struct vnic_group g;
	struct json j;

	if (group)
		group_parse(nlh, &g);
	else
		parent_parse(nlh, &p);
	if (!ctx->json) {
		printf("%s ", event);
		if (group)
			group_print_line(stdout, &g);
		else
			parent_print_line(stdout, &p);
		return;
	}
	json_init(&j, stdout, ctx->pretty);
	json_begin_object(&j);
	json_kv_str(&j, "event", event);
	json_key(&j, group ? "group" : "parent");
	if (group)
		group_print_json(&j, &g);
	else
		parent_print_json(&j, &p);
	json_end_object(&j);
}

static void monitor_print_text(const char *event, const struct vnic_dev *d)
{
	char mac[MAC_STR_LEN] = "-";

	if (DEV_HAS(d, VNIC_A_DEV_MAC))
		format_mac(mac, d->mac);
	printf("%s %s (id %u) parent %s mac %s mode %s", event,
	       DEV_HAS(d, VNIC_A_DEV_NAME) ? d->name : "-", d->id,
	       DEV_HAS(d, VNIC_A_DEV_PARENT_NAME) ? d->parent_name : "-", mac,
	       mode_name(DEV_HAS(d, VNIC_A_DEV_MODE) ? d->mode :
			 VNIC_MODE_PRIVATE));
	if (DEV_HAS(d, VNIC_A_DEV_NETNSID))
		printf(" netnsid %d", d->netnsid);
	if (DEV_HAS(d, VNIC_A_DEV_PARENT_NETNSID))
		printf(" parent-netnsid %d", d->parent_netnsid);
	putchar('\n');
}

static int monitor_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct genlmsghdr *genl = mnl_nlmsg_get_payload(nlh);
	const struct vnicctl *ctx = data;
	const char *event = NULL;
	struct vnic_dev d;
	struct json j;

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*genl))
		return MNL_CB_OK;
	if (genl->cmd < ARRAY_SIZE(event_names))
		event = event_names[genl->cmd];
	if (!event)
		return MNL_CB_OK;	/* an event newer than vnicctl */
	if (genl->cmd == VNIC_CMD_PARENT_SET_NTF ||
	    genl->cmd == VNIC_CMD_GROUP_NEW_NTF ||
	    genl->cmd == VNIC_CMD_GROUP_SET_NTF ||
	    genl->cmd == VNIC_CMD_GROUP_DEL_NTF) {
		monitor_print_object(ctx, event, nlh,
				     genl->cmd != VNIC_CMD_PARENT_SET_NTF);
		fflush(stdout);
		return MNL_CB_OK;
	}

	dev_parse(nlh, &d);
	if (ctx->json) {
		json_init(&j, stdout, ctx->pretty);
		json_begin_object(&j);
		json_kv_str(&j, "event", event);
		json_key(&j, "vnic");
		dev_print_json(&j, &d);
		json_end_object(&j);
	} else {
		monitor_print_text(event, &d);
	}
	fflush(stdout);
	return MNL_CB_OK;
}

int cmd_monitor(struct vnicctl *ctx, int argc, char **argv)
{
	struct nl *nl;
	void *buf;
	int ret, len;

	if (argc > 0) {
		pr_err("monitor: unexpected argument \"%s\"", argv[0]);
		return VNICCTL_EXIT_FAIL;
	}
	ret = nl_open(&nl);
	if (ret)
		return ret;
	if (!nl->mcgrp_monitor) {
		pr_err("monitor: the vnic module has no \"%s\" group (too old)",
		       VNIC_MCGRP_MONITOR);
		ret = VNICCTL_EXIT_FAIL;
		goto out;
	}
	if (mnl_socket_setsockopt(nl->sock, NETLINK_ADD_MEMBERSHIP,
				  &nl->mcgrp_monitor,
				  sizeof(nl->mcgrp_monitor)) < 0) {
		pr_err("monitor: cannot join group \"%s\": %s",
		       VNIC_MCGRP_MONITOR, strerror(errno));
		ret = VNICCTL_EXIT_FAIL;
		goto out;
	}

	for (;;) {
		len = nl_recv(nl, &buf);
		if (len == -ENOBUFS) {
			/* The socket overflowed: say so, keep going. */
			pr_err("monitor: events lost (receive buffer full)");
			continue;
		}
		if (len == -EINTR)
			continue;
		if (len < 0) {
			pr_err("monitor: %s", strerror(-len));
			ret = VNICCTL_EXIT_FAIL;
			break;
		}
		if (mnl_cb_run(buf, len, 0, 0, monitor_cb, ctx) < 0 &&
		    errno != ENOENT) {
			pr_err("monitor: %s", strerror(errno));
			ret = VNICCTL_EXIT_FAIL;
			break;
		}
	}
out:
	nl_close(nl);
	return ret;
}
