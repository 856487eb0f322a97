// SPDX-License-Identifier: GPL-2.0
/*
 * vnicctl -b FILE: run one command per line, stop at the first failure.
 *
 * Nothing in here talks to the kernel (the commands are run through a
 * callback), so it is linked into the unit test binary as well.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch.h"
#include "util.h"
#include "vnicctl.h"

/**
 * batch_split - split a batch line into words, in place
 * @line: the line; blanks become NULs
 * @argv: receives up to @max words
 * @max: size of @argv
 *
 * Words are separated by spaces and tabs (a trailing newline is a blank);
 * a word starting with '#' starts a comment that runs to the end of the
 * line. There is no quoting: no vnicctl argument contains a blank.
 *
 * Return: the number of words, or -1 if there are more than @max.
 */
int batch_split(char *line, char **argv, int max)
{
	int argc = 0;
	char *p = line;

	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
			*p++ = '\0';
		if (!*p || *p == '#')
			return argc;
		if (argc == max)
			return -1;
		argv[argc++] = p;
		while (*p && *p != ' ' && *p != '\t' && *p != '\n' &&
		       *p != '\r')
			p++;
	}
}

/**
 * batch_run - run the commands of a batch file
 * @f: the file
 * @name: its name, for messages
 * @force: go on after a failed command
 * @run: runs one command (argv[0] is the command name), returns an exit code
 * @ctx: passed to @run
 *
 * Blank and comment lines are skipped. The first command that fails ends
 * the batch, unless @force; messages name the line ("vnicctl: line N: ...").
 *
 * Return: VNICCTL_EXIT_OK if every command succeeded, else the exit code
 * of the first failed command (VNICCTL_EXIT_FAIL for a line with too many
 * words or a read error).
 */
int batch_run(FILE *f, const char *name, bool force,
	      int (*run)(void *ctx, int argc, char **argv), void *ctx)
{
	char *argv[BATCH_MAX_WORDS];
	unsigned long lineno = 0;
	char *line = NULL;
	size_t size = 0;
	int argc, cmd_ret, ret = VNICCTL_EXIT_OK;

	errno = 0;
	while (getline(&line, &size, f) >= 0) {
		pr_line = ++lineno;
		argc = batch_split(line, argv, BATCH_MAX_WORDS);
		if (argc < 0) {
			pr_err("more than %d words", BATCH_MAX_WORDS);
			cmd_ret = VNICCTL_EXIT_FAIL;
		} else if (argc) {
			cmd_ret = run(ctx, argc, argv);
		} else {
			cmd_ret = VNICCTL_EXIT_OK;
		}
		if (cmd_ret && !ret)
			ret = cmd_ret;
		if (ret && !force)
			break;
		errno = 0;
	}
	if (ferror(f)) {
		pr_line = 0;
		pr_err("%s: %s", name, strerror(errno ? errno : EIO));
		ret = VNICCTL_EXIT_FAIL;
	}
	pr_line = 0;
	free(line);
	return ret;
}
