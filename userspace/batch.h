/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vnicctl -b FILE: batch mode.
 */
#ifndef VNICCTL_BATCH_H
#define VNICCTL_BATCH_H

#include <stdbool.h>
#include <stdio.h>

/* Words on one batch line, command name included. */
#define BATCH_MAX_WORDS	128

int batch_split(char *line, char **argv, int max);
int batch_run(FILE *f, const char *name, bool force,
	      int (*run)(void *ctx, int argc, char **argv), void *ctx);

#endif /* VNICCTL_BATCH_H */
