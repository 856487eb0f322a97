// SPDX-License-Identifier: GPL-2.0
/* KUnit tests for the per-parent demux table (port.c). */
#include <kunit/test.h>
#include <linux/etherdevice.h>
#include <linux/rtnetlink.h>

#include "../vnic.h"

#define N_MANY	2048	/* enough to grow the table and share buckets */

struct port_fixture {
	struct vnic_port port;
	struct vnic_dev *vnics;
};

static void port_mac(u8 *addr, unsigned int i)
{
	/* Locally administered unicast; differ only in the low bytes. */
	u8 mac[ETH_ALEN] = { 0x02, 0x00, 0x00, 0x00, i >> 8, i & 0xff };

	ether_addr_copy(addr, mac);
}

static int port_init(struct kunit *test)
{
	struct port_fixture *f;

	f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, f);
	f->vnics = kunit_kcalloc(test, N_MANY, sizeof(*f->vnics), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, f->vnics);
	KUNIT_ASSERT_EQ(test, vnic_port_tbl_init(&f->port), 0);
	test->priv = f;
	return 0;
}

static void port_exit(struct kunit *test)
{
	struct port_fixture *f = test->priv;
	struct vnic_dev *v, *tmp;

	rtnl_lock();
	list_for_each_entry_safe(v, tmp, &f->port.vnics, list)
		vnic_port_unlink(&f->port, v);
	rtnl_unlock();
	vnic_port_tbl_destroy(&f->port);
}

static int port_add(struct port_fixture *f, unsigned int i)
{
	int err;

	port_mac(f->vnics[i].key.addr, i);
	rtnl_lock();
	err = vnic_port_link(&f->port, &f->vnics[i]);
	rtnl_unlock();
	return err;
}

/* The RX path's view: lookup under RCU. */
static struct vnic_dev *port_find(struct port_fixture *f, unsigned int i)
{
	struct vnic_dev *v;
	u8 addr[ETH_ALEN];

	port_mac(addr, i);
	rcu_read_lock();
	v = vnic_port_lookup(&f->port, addr);
	rcu_read_unlock();
	return v;
}

static void port_insert_lookup(struct kunit *test)
{
	struct port_fixture *f = test->priv;
	u8 addr[ETH_ALEN];

	KUNIT_EXPECT_NULL(test, port_find(f, 1));
	KUNIT_ASSERT_EQ(test, port_add(f, 1), 0);
	KUNIT_EXPECT_PTR_EQ(test, port_find(f, 1), &f->vnics[1]);
	KUNIT_EXPECT_NULL(test, port_find(f, 2));
	/* The control path's view (RTNL) agrees. */
	port_mac(addr, 1);
	rtnl_lock();
	KUNIT_EXPECT_PTR_EQ(test, vnic_port_lookup_rtnl(&f->port, addr),
			    &f->vnics[1]);
	rtnl_unlock();
	KUNIT_EXPECT_TRUE(test, list_is_singular(&f->port.vnics));
}

static void port_duplicate_refused(struct kunit *test)
{
	struct port_fixture *f = test->priv;

	KUNIT_ASSERT_EQ(test, port_add(f, 7), 0);
	/* A second vnic with the same MAC must not shadow the first. */
	port_mac(f->vnics[8].key.addr, 7);
	rtnl_lock();
	KUNIT_EXPECT_EQ(test, vnic_port_link(&f->port, &f->vnics[8]), -EEXIST);
	rtnl_unlock();
	KUNIT_EXPECT_PTR_EQ(test, port_find(f, 7), &f->vnics[7]);
	KUNIT_EXPECT_TRUE(test, list_is_singular(&f->port.vnics));
}

static void port_remove(struct kunit *test)
{
	struct port_fixture *f = test->priv;

	KUNIT_ASSERT_EQ(test, port_add(f, 3), 0);
	KUNIT_ASSERT_EQ(test, port_add(f, 4), 0);
	rtnl_lock();
	vnic_port_unlink(&f->port, &f->vnics[3]);
	rtnl_unlock();
	KUNIT_EXPECT_NULL(test, port_find(f, 3));
	KUNIT_EXPECT_PTR_EQ(test, port_find(f, 4), &f->vnics[4]);
	/* The MAC is free again. */
	KUNIT_EXPECT_EQ(test, port_add(f, 3), 0);
	KUNIT_EXPECT_PTR_EQ(test, port_find(f, 3), &f->vnics[3]);
}

/* Many keys: the table grows and buckets are shared; every key still hits. */
static void port_many(struct kunit *test)
{
	struct port_fixture *f = test->priv;
	unsigned int i, hits = 0, misses = 0;

	for (i = 0; i < N_MANY; i++)
		KUNIT_ASSERT_EQ(test, port_add(f, i), 0);
	for (i = 0; i < N_MANY; i++)
		hits += port_find(f, i) == &f->vnics[i];
	KUNIT_EXPECT_EQ(test, hits, N_MANY);

	rtnl_lock();
	for (i = 0; i < N_MANY; i += 2)
		vnic_port_unlink(&f->port, &f->vnics[i]);
	rtnl_unlock();
	hits = 0;
	for (i = 0; i < N_MANY; i++) {
		if (i % 2)
			hits += port_find(f, i) == &f->vnics[i];
		else
			misses += !port_find(f, i);
	}
	KUNIT_EXPECT_EQ(test, hits, N_MANY / 2);
	KUNIT_EXPECT_EQ(test, misses, N_MANY / 2);
	KUNIT_EXPECT_EQ(test, list_count_nodes(&f->port.vnics), N_MANY / 2);
}

static void port_rehash(struct kunit *test)
{
	struct port_fixture *f = test->priv;
	u8 addr[ETH_ALEN];

	KUNIT_ASSERT_EQ(test, port_add(f, 10), 0);
	KUNIT_ASSERT_EQ(test, port_add(f, 11), 0);

	/* Move 10 to a free MAC: found there only. */
	port_mac(addr, 12);
	rtnl_lock();
	KUNIT_EXPECT_EQ(test, vnic_port_rehash(&f->port, &f->vnics[10], addr), 0);
	rtnl_unlock();
	KUNIT_EXPECT_PTR_EQ(test, port_find(f, 12), &f->vnics[10]);
	KUNIT_EXPECT_NULL(test, port_find(f, 10));

	/* Move it onto 11's MAC: refused, and it keeps its key. */
	port_mac(addr, 11);
	rtnl_lock();
	KUNIT_EXPECT_EQ(test, vnic_port_rehash(&f->port, &f->vnics[10], addr),
			-EEXIST);
	rtnl_unlock();
	KUNIT_EXPECT_PTR_EQ(test, port_find(f, 12), &f->vnics[10]);
	KUNIT_EXPECT_PTR_EQ(test, port_find(f, 11), &f->vnics[11]);
}

/*
 * A lookup that found an entry goes on comparing against the MAC it was
 * hashed under while the vnic moves to another: never a key half old,
 * half new, which could be a sibling's MAC.
 */
static void port_rehash_reader(struct kunit *test)
{
	struct port_fixture *f = test->priv;
	u8 was[ETH_ALEN], to[ETH_ALEN], seen[ETH_ALEN] = {};
	struct vnic_port_entry *e;
	bool found = false;
	const u8 *key;
	int err;

	KUNIT_ASSERT_EQ(test, port_add(f, 20), 0);
	port_mac(was, 20);
	port_mac(to, 21);
	e = vnic_port_entry_new(&f->vnics[20], to);
	KUNIT_ASSERT_NOT_NULL(test, e);

	rtnl_lock();
	rcu_read_lock();
	key = vnic_port_key_rcu(&f->port, was);
	err = vnic_port_swap(&f->port, &f->vnics[20], e);
	if (key) {
		found = true;
		memcpy(seen, key, ETH_ALEN);
	}
	rcu_read_unlock();
	rtnl_unlock();
	if (err)
		kfree(e);

	KUNIT_EXPECT_TRUE(test, found);
	KUNIT_EXPECT_EQ(test, err, 0);
	KUNIT_EXPECT_MEMEQ(test, seen, was, ETH_ALEN);
	KUNIT_EXPECT_PTR_EQ(test, port_find(f, 21), &f->vnics[20]);
	KUNIT_EXPECT_NULL(test, port_find(f, 20));
}

/* A vnic that left the table cannot be put back by a MAC change. */
static void port_rehash_unlinked(struct kunit *test)
{
	struct port_fixture *f = test->priv;
	u8 addr[ETH_ALEN];

	KUNIT_ASSERT_EQ(test, port_add(f, 30), 0);
	port_mac(addr, 31);
	rtnl_lock();
	vnic_port_unlink(&f->port, &f->vnics[30]);
	KUNIT_EXPECT_EQ(test, vnic_port_rehash(&f->port, &f->vnics[30], addr),
			-ENODEV);
	rtnl_unlock();
	KUNIT_EXPECT_NULL(test, port_find(f, 30));
	KUNIT_EXPECT_NULL(test, port_find(f, 31));
}

static struct kunit_case vnic_port_cases[] = {
	KUNIT_CASE(port_insert_lookup),
	KUNIT_CASE(port_duplicate_refused),
	KUNIT_CASE(port_remove),
	KUNIT_CASE(port_many),
	KUNIT_CASE(port_rehash),
	KUNIT_CASE(port_rehash_reader),
	KUNIT_CASE(port_rehash_unlinked),
	{}
};

static struct kunit_suite vnic_port_suite = {
	.name = "vnic-port",
	.init = port_init,
	.exit = port_exit,
	.test_cases = vnic_port_cases,
};

kunit_test_suite(vnic_port_suite);
