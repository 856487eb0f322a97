// SPDX-License-Identifier: GPL-2.0
/*
 * vnicctl - configure vnic virtual NICs over generic netlink.
 *
 * Global options, command table, dispatch and help.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "batch.h"
#include "dev.h"
#include "nl.h"
#include "parent.h"
#include "policy.h"
#include "util.h"
#include "vnicctl.h"

struct cmd {
	const char *name;
	cmd_handler_t handler;
	const char *args;	/* argument synopsis; NULL for aliases */
	const char *help;
	bool policy;		/* takes the POLICY options */
};

static int cmd_help(struct vnicctl *ctx, int argc, char **argv);

static const struct cmd cmds[] = {
	{
		.name = "add",
		.handler = cmd_add,
		.args = "[ name ] NAME link PARENT [ mac MAC ] [ mode { private | bridge } ]\n"
			"      [ POLICY ]",
		.help = "Create vnic NAME on parent device PARENT.",
		.policy = true,
	},
	{
		.name = "set",
		.handler = cmd_set,
		.args = DEV_SEL_USAGE " [ mac MAC ]\n"
			"      [ POLICY ]",
		.help = "Change the MAC address, the policy or the rates of a vnic.",
		.policy = true,
	},
	{
		.name = "del",
		.handler = cmd_del,
		.args = DEV_SEL_USAGE,
		.help = "Delete a vnic (\"delete\" is an alias).",
	},
	{ .name = "delete", .handler = cmd_del },
	{
		.name = "show",
		.handler = cmd_show,
		.args = "[ [ name ] NAME | id ID | ifindex IFINDEX ]",
		.help = "List all vnics, or show one (-d: with their policy and rates).",
	},
	{
		.name = "stats",
		.handler = cmd_stats,
		.args = "[ [ name ] NAME | id ID | ifindex IFINDEX ]",
		.help = "Show the drop and shaper counters of all vnics, or of one.",
	},
	{
		.name = "parent",
		.handler = cmd_parent,
		.args = "{ set " PARENT_SEL_USAGE " [ capacity RATE ] [ burst SIZE ] |\n"
			"      show [ " PARENT_SEL_USAGE " ] }",
		.help = "Set what all vnics of a parent may send together (capacity 0: no limit),\n"
			"        or show the parents that have a vnic or a capacity (one parent:\n"
			"        with each vnic's share).",
	},
	{
		.name = "top",
		.handler = cmd_top,
		.args = PARENT_SEL_USAGE " [ count N ]",
		.help = "Show a parent and what its share scheduler gives each of its vnics\n"
			"        (ALLOC) and what each sends (MEASURED), every second.",
	},
	{
		.name = "group",
		.handler = cmd_group,
		.args = "{ add NAME parent PARENT [ GROUP_OPTS ] |\n"
			"      set NAME [ parent PARENT ] GROUP_OPTS |\n"
			"      del NAME [ parent PARENT ] | show [ NAME [ parent PARENT ] ] }\n"
			"      GROUP_OPTS := [ min RATE ] [ rate RATE ] [ weight WEIGHT ] [ prio PRIO ]",
		.help = "Manage share groups: the vnics put in one (set VNIC group NAME) share its\n"
			"        min and rate; the group takes the parent's spare by prio and weight.",
	},
	{
		.name = "monitor",
		.handler = cmd_monitor,
		.args = "",
		.help = "Print vnic events (new, set, parent-gone, del), parent events\n"
			"        (parent-set) and group events (group-new, -set, -del) as they happen.",
	},
	{
		.name = "help",
		.handler = cmd_help,
		.args = "[ COMMAND ]",
		.help = "Show this help, or the help of COMMAND.",
	},
};

static const struct cmd *find_cmd(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cmds); i++) {
		if (!strcmp(cmds[i].name, name))
			return &cmds[i];
	}
	return NULL;
}

static void print_cmd(const struct cmd *c)
{
	printf("  %s %s\n        %s\n", c->name, c->args, c->help);
}

static void usage(void)
{
	size_t i;

	printf("Usage: vnicctl [ OPTIONS ] COMMAND [ ARGUMENTS ]\n"
	       "\n"
	       "Commands:\n");
	for (i = 0; i < ARRAY_SIZE(cmds); i++) {
		if (cmds[i].args)
			print_cmd(&cmds[i]);
	}
	printf("\n"
	       POLICY_USAGE
	       "\n"
	       "Options:\n"
	       "  -j, --json      print JSON instead of text\n"
	       "  -p, --pretty    indent JSON output (with -j)\n"
	       "  -d, --details   show the policy and rates of each vnic (show)\n"
	       "  -s, --stats     show the counters of each vnic (show)\n"
	       "  -b, --batch FILE  run the commands in FILE (\"-\": stdin), one per line,\n"
	       "                  stopping at the first one that fails\n"
	       "  -f, --force     with -b, run every line even after a failure\n"
	       "  -h, --help      show this help and exit\n"
	       "  -V, --version   show the version and exit\n"
	       "\n"
	       "MAC is aa:bb:cc:dd:ee:ff, PARENT an interface of this network namespace.\n"
	       "Exit status: 0 success, 1 usage or local error, 2 error reported by the kernel.\n");
}

static int cmd_help(struct vnicctl *ctx, int argc, char **argv)
{
	const struct cmd *c;

	(void)ctx;
	if (argc == 0) {
		usage();
		return VNICCTL_EXIT_OK;
	}
	if (argc > 1) {
		pr_err("help: unexpected argument \"%s\"", argv[1]);
		return VNICCTL_EXIT_FAIL;
	}
	c = find_cmd(argv[0]);
	if (!c) {
		pr_err("help: unknown command \"%s\"", argv[0]);
		return VNICCTL_EXIT_FAIL;
	}
	while (!c->args)	/* alias: show the command it stands for */
		c--;
	printf("Usage: vnicctl [ OPTIONS ] %s %s\n        %s\n",
	       c->name, c->args, c->help);
	if (c->policy)
		printf("\n" POLICY_USAGE);
	return VNICCTL_EXIT_OK;
}

/* Report output errors such as ENOSPC or EPIPE; stdout may be a file. */
static int finish(int ret)
{
	if (fflush(stdout)) {
		pr_err("error writing output: %s", strerror(errno));
		return VNICCTL_EXIT_FAIL;
	}
	if (ferror(stdout)) {
		pr_err("error writing output");
		return VNICCTL_EXIT_FAIL;
	}
	return ret;
}

static bool is_opt(const char *arg, const char *s, const char *l)
{
	return !strcmp(arg, s) || !strcmp(arg, l);
}

/*
 * Parse the global options in front of the command. Returns the index of
 * the command in @argv, or -1 with the exit code in *ret if there is
 * nothing left to do (-h, -V, bad option).
 */
static int parse_opts(struct vnicctl *ctx, int argc, char **argv, int *ret,
		      const char **batch)
{
	const char *opt;
	int i;

	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		opt = argv[i];
		if (!strcmp(opt, "--"))
			return i + 1;

		if (is_opt(opt, "-j", "--json")) {
			ctx->json = true;
		} else if (is_opt(opt, "-p", "--pretty")) {
			ctx->pretty = true;
		} else if (is_opt(opt, "-d", "--details")) {
			ctx->details = true;
		} else if (is_opt(opt, "-s", "--stats")) {
			ctx->stats = true;
		} else if (is_opt(opt, "-f", "--force")) {
			ctx->force = true;
		} else if (is_opt(opt, "-b", "--batch")) {
			if (i + 1 >= argc) {
				pr_err("option \"%s\" needs a file name", opt);
				*ret = VNICCTL_EXIT_FAIL;
				return -1;
			}
			*batch = argv[++i];
		} else if (is_opt(opt, "-h", "--help")) {
			usage();
			*ret = finish(VNICCTL_EXIT_OK);
			return -1;
		} else if (is_opt(opt, "-V", "--version")) {
			printf("vnicctl %s\n", VNICCTL_VERSION);
			*ret = finish(VNICCTL_EXIT_OK);
			return -1;
		} else {
			pr_err("unknown option \"%s\" (try \"vnicctl help\")",
			       opt);
			*ret = VNICCTL_EXIT_FAIL;
			return -1;
		}
	}
	return i;
}

/* Run one command: @argv[0] is its name. */
static int run_cmd(void *data, int argc, char **argv)
{
	struct vnicctl *ctx = data;
	const struct cmd *c;

	c = find_cmd(argv[0]);
	if (!c) {
		pr_err("unknown command \"%s\" (try \"vnicctl help\")",
		       argv[0]);
		return VNICCTL_EXIT_FAIL;
	}
	return c->handler(ctx, argc - 1, argv + 1);
}

static int run_batch(struct vnicctl *ctx, const char *name)
{
	bool is_stdin = !strcmp(name, "-");
	FILE *f;
	int ret;

	f = is_stdin ? stdin : fopen(name, "r");
	if (!f) {
		pr_err("%s: %s", name, strerror(errno));
		return VNICCTL_EXIT_FAIL;
	}
	ctx->batch = true;
	ret = batch_run(f, name, ctx->force, run_cmd, ctx);
	nl_close(ctx->nl);
	ctx->nl = NULL;
	if (!is_stdin)
		fclose(f);
	return ret;
}

int main(int argc, char **argv)
{
	struct vnicctl ctx = { 0 };
	const char *batch = NULL;
	int i, ret;

	i = parse_opts(&ctx, argc, argv, &ret, &batch);
	if (i < 0)
		return ret;
	if (batch) {
		if (i < argc) {
			pr_err("unexpected argument \"%s\" with a batch file",
			       argv[i]);
			return VNICCTL_EXIT_FAIL;
		}
		return finish(run_batch(&ctx, batch));
	}
	if (i >= argc) {
		pr_err("missing command (try \"vnicctl help\")");
		return VNICCTL_EXIT_FAIL;
	}
	return finish(run_cmd(&ctx, argc - i, argv + i));
}
