/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vnicctl - shared definitions: exit codes, command context, handlers.
 */
#ifndef VNICCTL_H
#define VNICCTL_H

#include <stdbool.h>

struct nl;

#ifndef VNICCTL_VERSION
#define VNICCTL_VERSION "0.1.0"
#endif

/* Exit codes, documented in vnicctl.8. */
enum {
	VNICCTL_EXIT_OK		= 0,
	VNICCTL_EXIT_FAIL	= 1,	/* usage error or local failure */
	VNICCTL_EXIT_KERNEL	= 2,	/* the kernel rejected the request */
};

/* Global options, shared by all commands. */
struct vnicctl {
	bool json;
	bool pretty;
	bool details;		/* show: the policy under each vnic */
	bool stats;		/* show: the counters under each vnic */
	bool force;		/* batch: go on after a failed command */
	bool batch;		/* commands share @nl (nl_get()) */
	struct nl *nl;		/* batch: the socket, opened on first use */
};

/*
 * A command handler gets the arguments following the command name and
 * returns an exit code. It must check all of its arguments before it
 * talks to the kernel, and print errors through pr_err().
 */
typedef int (*cmd_handler_t)(struct vnicctl *ctx, int argc, char **argv);

int cmd_add(struct vnicctl *ctx, int argc, char **argv);
int cmd_del(struct vnicctl *ctx, int argc, char **argv);
int cmd_set(struct vnicctl *ctx, int argc, char **argv);
int cmd_show(struct vnicctl *ctx, int argc, char **argv);
int cmd_stats(struct vnicctl *ctx, int argc, char **argv);
int cmd_monitor(struct vnicctl *ctx, int argc, char **argv);
int cmd_parent(struct vnicctl *ctx, int argc, char **argv);
int cmd_group(struct vnicctl *ctx, int argc, char **argv);
int cmd_top(struct vnicctl *ctx, int argc, char **argv);

#endif /* VNICCTL_H */
