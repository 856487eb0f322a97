/* SPDX-License-Identifier: GPL-2.0 */
/* The host unit tests' tally: CHECK(expr) counts a pass or prints the
 * failing line. Included once per test program (test_util.c,
 * cni/test_cni.c), which prints "N passed, N failed" from the two counts.
 */
#ifndef VNIC_UNIT_H
#define VNIC_UNIT_H

#include <stdio.h>

static int passed, failed;

static void check(int ok, const char *what, int line)
{
	if (ok) {
		passed++;
		return;
	}
	failed++;
	printf("FAIL line %d: %s\n", line, what);
}

#define CHECK(expr)	check(!!(expr), #expr, __LINE__)

#endif
