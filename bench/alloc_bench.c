// SPDX-License-Identifier: GPL-2.0
/*
 * alloc_bench: the share allocator (module/sched_alloc.c, built on the
 * host with the shims in bench/kcompat/) timed natively: ns per
 * vnic_alloc() call for N vnics, every one backlogged with a guarantee, a
 * ceiling on a third of them, mixed priorities and weights, one group per
 * 50 vnics (the worst case: every vnic takes part in every round). Also
 * checks that no allocation exceeds the capacity.
 *
 * Usage: alloc_bench [N...]  (default 10 100 1000 10000); prints one JSON
 * object per N.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "sched_alloc.h"

static u64 now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (u64)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static int bench(u32 n)
{
	const u64 cap = 10000000000ULL / 8;	/* 10 Gbit/s */
	u32 ng = n / 50, i, iters, it;
	struct vnic_alloc_grp *grp;
	struct vnic_alloc_in *in;
	struct vnic_alloc_ws ws;
	u64 *out, sum, t0, t1;
	void *mem;

	in = calloc(n, sizeof(*in));
	out = calloc(n, sizeof(*out));
	grp = calloc(ng + 1, sizeof(*grp));
	mem = malloc(vnic_alloc_ws_size(n, ng));
	if (!in || !out || !grp || !mem)
		return 1;
	srand(n);
	for (i = 0; i < n; i++) {
		in[i].min = cap / (2 * n);
		in[i].ceil = i % 3 ? 0 : cap / n * (1 + rand() % 4);
		in[i].weight = 1 + rand() % 1000;
		in[i].prio = rand() % 8;
		in[i].group = ng ? rand() % (ng + 1) : 0;
		in[i].flags = VNIC_ALLOC_ACTIVE | VNIC_ALLOC_BACKLOGGED;
	}
	for (i = 0; i < ng; i++) {
		grp[i].weight = 1 + rand() % 1000;
		grp[i].prio = rand() % 8;
	}
	for (i = 0; i < n; i++)
		if (in[i].group)
			grp[in[i].group - 1].min += in[i].min;
	vnic_alloc_ws_init(&ws, mem, n, ng);

	iters = n >= 10000 ? 50 : n >= 1000 ? 500 : 5000;
	vnic_alloc(cap, in, n, grp, ng, out, &ws);	/* warm */
	t0 = now_ns();
	for (it = 0; it < iters; it++)
		vnic_alloc(cap, in, n, grp, ng, out, &ws);
	t1 = now_ns();
	for (sum = 0, i = 0; i < n; i++)
		sum += out[i];
	printf("{\"n\": %u, \"groups\": %u, \"ns_per_call\": %llu, \"allocated\": %llu, \"capacity\": %llu}\n",
	       n, ng, (unsigned long long)((t1 - t0) / iters),
	       (unsigned long long)sum, (unsigned long long)cap);
	free(in);
	free(out);
	free(grp);
	free(mem);
	return sum > cap;
}

int main(int argc, char **argv)
{
	static const u32 def[] = { 10, 100, 1000, 10000 };
	int i, bad = 0;

	if (argc > 1)
		for (i = 1; i < argc; i++)
			bad |= bench(strtoul(argv[i], NULL, 0));
	else
		for (i = 0; i < (int)(sizeof(def) / sizeof(def[0])); i++)
			bad |= bench(def[i]);
	if (bad)
		fprintf(stderr, "alloc_bench: allocations exceed the capacity\n");
	return bad;
}
