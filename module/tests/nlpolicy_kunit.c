// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the netlink side of configuration: the policies generated
 * from uapi/specs/vnic.yaml (taken from the registered family's ops, as
 * genetlink applies them) and the checks policy.c adds on top, at their
 * edge values.
 */
#include <kunit/test.h>
#include <linux/skbuff.h>
#include <net/genetlink.h>

#include "../sched.h"
#include "../vnic.h"
#include "../vnic-nl.h"

#define FRAME	1518

KUNIT_DEFINE_ACTION_WRAPPER(nl_kfree, kfree, const void *);

static const struct genl_split_ops *nl_doit(u8 cmd)
{
	unsigned int i;

	for (i = 0; i < vnic_nl_family.n_split_ops; i++) {
		const struct genl_split_ops *op = &vnic_nl_family.split_ops[i];

		if (op->cmd == cmd && op->doit)
			return op;
	}
	return NULL;
}

struct nl_fixture {
	struct sk_buff *skb;
	struct nlattr *tb[VNIC_A_DEV_MAX + 1];
	struct netlink_ext_ack extack;
};

static int nl_init(struct kunit *test)
{
	struct nl_fixture *f;

	f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, f);
	f->skb = alloc_skb(8192, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, f->skb);
	test->priv = f;
	return 0;
}

static void nl_exit(struct kunit *test)
{
	struct nl_fixture *f = test->priv;

	kfree_skb(f->skb);
}

/* Parses what was put into the fixture's skb with @cmd's policy. */
static int nl_parse(struct kunit *test, u8 cmd)
{
	const struct genl_split_ops *op = nl_doit(cmd);
	struct nl_fixture *f = test->priv;

	KUNIT_ASSERT_NOT_NULL(test, op);
	KUNIT_ASSERT_LE(test, op->maxattr, VNIC_A_DEV_MAX);
	memset(f->tb, 0, sizeof(f->tb));
	memset(&f->extack, 0, sizeof(f->extack));
	return nla_parse(f->tb, op->maxattr, (struct nlattr *)f->skb->data,
			 f->skb->len, op->policy, &f->extack);
}

static void nl_reset(struct kunit *test)
{
	struct nl_fixture *f = test->priv;

	skb_trim(f->skb, 0);
}

/* One attribute of @len bytes holding @val (little-endian host, x86). */
static int nl_one(struct kunit *test, u8 cmd, int type, int len, u64 val)
{
	struct nl_fixture *f = test->priv;

	nl_reset(test);
	KUNIT_ASSERT_EQ(test, nla_put(f->skb, type, len, &val), 0);
	return nl_parse(test, cmd);
}

struct nl_edge {
	int type;
	int len;
	u64 val;
	bool ok;
};

static const struct nl_edge nl_edges[] = {
	{ VNIC_A_DEV_VLAN, 2, 0, true },
	{ VNIC_A_DEV_VLAN, 2, 4094, true },
	{ VNIC_A_DEV_VLAN, 2, 4095, false },
	{ VNIC_A_DEV_VLAN, 1, 5, false },		/* wrong size */
	{ VNIC_A_DEV_VLAN_PRIO, 1, 7, true },
	{ VNIC_A_DEV_VLAN_PRIO, 1, 8, false },
	{ VNIC_A_DEV_MAC_CHANGE, 1, 1, true },
	{ VNIC_A_DEV_MAC_CHANGE, 1, 2, false },
	{ VNIC_A_DEV_VLAN_PASSTHROUGH, 1, 2, false },
	{ VNIC_A_DEV_ETHERTYPE_RX, 1, 2, false },
	{ VNIC_A_DEV_TX_RATE, 4, U32_MAX, true },	/* uint: 4 or 8 bytes */
	{ VNIC_A_DEV_TX_RATE, 8, U64_MAX, true },
	{ VNIC_A_DEV_TX_RATE, 2, 1, false },
	{ VNIC_A_DEV_RX_RATE, 8, 0, true },
	{ VNIC_A_DEV_TX_BURST, 4, U32_MAX, true },
	{ VNIC_A_DEV_TX_BURST, 8, 1, false },
	{ VNIC_A_DEV_MAC, 6, 0x020000000001ULL, true },
	{ VNIC_A_DEV_MAC, 5, 0, false },
	{ VNIC_A_DEV_MAC, 7, 0, false },
	{ VNIC_A_DEV_BW_MIN, 8, U64_MAX, true },	/* range: the build */
	{ VNIC_A_DEV_BW_MIN, 2, 1, false },
	{ VNIC_A_DEV_WEIGHT, 4, 0, false },
	{ VNIC_A_DEV_WEIGHT, 4, 1, true },
	{ VNIC_A_DEV_WEIGHT, 4, 1000, true },
	{ VNIC_A_DEV_WEIGHT, 4, 1001, false },
	{ VNIC_A_DEV_WEIGHT, 2, 1, false },
	{ VNIC_A_DEV_PRIORITY, 4, 7, true },
	{ VNIC_A_DEV_PRIORITY, 4, 8, false },
};

/* dev-new and dev-set share the configurable attributes and their ranges. */
static void nl_config_edges(struct kunit *test)
{
	static const u8 cmds[] = { VNIC_CMD_DEV_NEW, VNIC_CMD_DEV_SET };
	unsigned int i, c;

	for (c = 0; c < ARRAY_SIZE(cmds); c++) {
		for (i = 0; i < ARRAY_SIZE(nl_edges); i++) {
			const struct nl_edge *e = &nl_edges[i];
			int err = nl_one(test, cmds[c], e->type, e->len, e->val);

			KUNIT_EXPECT_EQ_MSG(test, err == 0, e->ok,
					    "cmd %u attr %d len %d val %llu: %d",
					    cmds[c], e->type, e->len, e->val,
					    err);
		}
	}
	/* Only dev-new has a mode and a parent. */
	KUNIT_EXPECT_EQ(test, nl_one(test, VNIC_CMD_DEV_NEW, VNIC_A_DEV_MODE,
				     4, 1), 0);
	KUNIT_EXPECT_NE(test, nl_one(test, VNIC_CMD_DEV_NEW, VNIC_A_DEV_MODE,
				     4, 2), 0);
	KUNIT_EXPECT_NE(test, nl_one(test, VNIC_CMD_DEV_NEW,
				     VNIC_A_DEV_PARENT_IFINDEX, 4, 0), 0);
	KUNIT_EXPECT_EQ(test, nl_one(test, VNIC_CMD_DEV_NEW,
				     VNIC_A_DEV_PARENT_IFINDEX, 4, 1), 0);
	KUNIT_EXPECT_NE(test, nl_one(test, VNIC_CMD_DEV_SET, VNIC_A_DEV_MODE,
				     4, 1), 0);
}

/* Selectors: id and ifindex start at 1; unknown attributes are refused. */
static void nl_selectors(struct kunit *test)
{
	static const u8 cmds[] = { VNIC_CMD_DEV_GET, VNIC_CMD_DEV_DEL,
				   VNIC_CMD_DEV_SET };
	unsigned int c;

	for (c = 0; c < ARRAY_SIZE(cmds); c++) {
		KUNIT_EXPECT_NE(test, nl_one(test, cmds[c], VNIC_A_DEV_ID, 4, 0),
				0);
		KUNIT_EXPECT_EQ(test, nl_one(test, cmds[c], VNIC_A_DEV_ID, 4, 1),
				0);
		KUNIT_EXPECT_NE(test, nl_one(test, cmds[c], VNIC_A_DEV_IFINDEX,
					     4, 0), 0);
		KUNIT_EXPECT_NE(test, nl_one(test, cmds[c], VNIC_A_DEV_MAX + 1,
					     4, 1), 0);
	}
	/* dev-del takes nothing but a selector. */
	KUNIT_EXPECT_NE(test, nl_one(test, VNIC_CMD_DEV_DEL, VNIC_A_DEV_TX_RATE,
				     8, 1), 0);
}

static int nl_name(struct kunit *test, u8 cmd, const char *name, int len)
{
	struct nl_fixture *f = test->priv;

	nl_reset(test);
	KUNIT_ASSERT_EQ(test, nla_put(f->skb, VNIC_A_DEV_NAME, len, name), 0);
	return nl_parse(test, cmd);
}

static void nl_names(struct kunit *test)
{
	static const char max[] = "abcdefghijklmno";	/* 15 */
	static const char over[] = "abcdefghijklmnop";	/* 16 */

	KUNIT_EXPECT_EQ(test, nl_name(test, VNIC_CMD_DEV_NEW, max, sizeof(max)),
			0);
	KUNIT_EXPECT_NE(test, nl_name(test, VNIC_CMD_DEV_NEW, over,
				      sizeof(over)), 0);
	/* Not NUL terminated. */
	KUNIT_EXPECT_NE(test, nl_name(test, VNIC_CMD_DEV_NEW, max, 15), 0);
	KUNIT_EXPECT_NE(test, nl_name(test, VNIC_CMD_DEV_GET, over,
				      sizeof(over)), 0);
}

static int nl_ethertype(struct kunit *test, u16 proto)
{
	struct nl_fixture *f = test->priv;
	struct nlattr *nest;

	nl_reset(test);
	nest = nla_nest_start(f->skb, VNIC_A_DEV_ETHERTYPES);
	KUNIT_ASSERT_NOT_NULL(test, nest);
	KUNIT_ASSERT_EQ(test, nla_put_u16(f->skb, VNIC_A_ETHERTYPES_ETHERTYPE,
					  proto), 0);
	nla_nest_end(f->skb, nest);
	return nl_parse(test, VNIC_CMD_DEV_NEW);
}

static int nl_prefix(struct kunit *test, int n, const void *addr, int alen,
		     u8 plen)
{
	struct nl_fixture *f = test->priv;
	struct nlattr *nest, *p;
	int i;

	nl_reset(test);
	nest = nla_nest_start(f->skb, VNIC_A_DEV_ALLOWED_IPS);
	KUNIT_ASSERT_NOT_NULL(test, nest);
	for (i = 0; i < n; i++) {
		p = nla_nest_start(f->skb, VNIC_A_ALLOWED_IPS_PREFIX);
		KUNIT_ASSERT_NOT_NULL(test, p);
		KUNIT_ASSERT_EQ(test, nla_put(f->skb, VNIC_A_PREFIX_ADDR, alen,
					      addr), 0);
		KUNIT_ASSERT_EQ(test, nla_put_u8(f->skb, VNIC_A_PREFIX_PLEN,
						 plen), 0);
		nla_nest_end(f->skb, p);
	}
	nla_nest_end(f->skb, nest);
	return nl_parse(test, VNIC_CMD_DEV_NEW);
}

static void nl_nested_edges(struct kunit *test)
{
	static const u8 v6[16] = { 0x20, 0x01, 0x0d, 0xb8 };

	KUNIT_EXPECT_NE(test, nl_ethertype(test, 1535), 0);	/* a length */
	KUNIT_EXPECT_EQ(test, nl_ethertype(test, 1536), 0);
	KUNIT_EXPECT_EQ(test, nl_prefix(test, 1, v6, 16, 128), 0);
	KUNIT_EXPECT_NE(test, nl_prefix(test, 1, v6, 16, 129), 0);
}

/* What the handler does next: vnic_policy_build() on the parsed request. */
static struct vnic_framing *nl_build(struct kunit *test)
{
	struct nl_fixture *f = test->priv;
	struct vnic_framing *fr;

	fr = vnic_policy_build(NULL, f->tb, &f->extack);
	if (!IS_ERR(fr))
		KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, nl_kfree, fr), 0);
	return fr;
}

static void nl_policy_prefixes(struct kunit *test)
{
	static const u8 v4[4] = { 192, 0, 2, 0 };
	static const u8 v4_host[4] = { 192, 0, 2, 1 };
	struct nl_fixture *f = test->priv;
	struct vnic_framing *fr;

	KUNIT_ASSERT_EQ(test, nl_prefix(test, 1, v4, 4, 24), 0);
	fr = nl_build(test);
	KUNIT_ASSERT_FALSE(test, IS_ERR(fr));
	KUNIT_EXPECT_EQ(test, fr->n_prefixes, 1);
	KUNIT_EXPECT_TRUE(test, fr->prefixes[0].v4);

	KUNIT_ASSERT_EQ(test, nl_prefix(test, 1, v4, 4, 33), 0);
	KUNIT_EXPECT_EQ(test, PTR_ERR(nl_build(test)), -EINVAL);
	KUNIT_EXPECT_STREQ(test, f->extack._msg,
			   "plen: prefix length too long for the address family");
	KUNIT_EXPECT_NOT_NULL(test, f->extack.bad_attr);

	KUNIT_ASSERT_EQ(test, nl_prefix(test, 1, v4_host, 4, 24), 0);
	KUNIT_EXPECT_EQ(test, PTR_ERR(nl_build(test)), -EINVAL);
	KUNIT_EXPECT_STREQ(test, f->extack._msg,
			   "addr: prefix has host bits set");
	KUNIT_EXPECT_NOT_NULL(test, f->extack.bad_attr);

	KUNIT_ASSERT_EQ(test, nl_prefix(test, 1, v4, 5, 8), 0);
	KUNIT_EXPECT_EQ(test, PTR_ERR(nl_build(test)), -EINVAL);

	KUNIT_ASSERT_EQ(test, nl_prefix(test, VNIC_MAX_PREFIXES, v4, 4, 24), 0);
	fr = nl_build(test);
	KUNIT_ASSERT_FALSE(test, IS_ERR(fr));
	KUNIT_EXPECT_EQ(test, fr->n_prefixes, VNIC_MAX_PREFIXES);
	KUNIT_ASSERT_EQ(test, nl_prefix(test, VNIC_MAX_PREFIXES + 1, v4, 4, 24),
			0);
	KUNIT_EXPECT_EQ(test, PTR_ERR(nl_build(test)), -E2BIG);
}

static void nl_policy_ethertypes_vlan(struct kunit *test)
{
	struct nl_fixture *f = test->priv;
	struct vnic_framing *fr;
	struct nlattr *nest;
	int i;

	nl_reset(test);
	nest = nla_nest_start(f->skb, VNIC_A_DEV_ETHERTYPES);
	for (i = 0; i <= VNIC_MAX_ETHERTYPES; i++)
		KUNIT_ASSERT_EQ(test, nla_put_u16(f->skb,
						  VNIC_A_ETHERTYPES_ETHERTYPE,
						  0x0800 + i), 0);
	nla_nest_end(f->skb, nest);
	KUNIT_ASSERT_EQ(test, nl_parse(test, VNIC_CMD_DEV_NEW), 0);
	KUNIT_EXPECT_EQ(test, PTR_ERR(nl_build(test)), -E2BIG);

	/* A port VLAN and tenant tag passthrough exclude each other. */
	nl_reset(test);
	KUNIT_ASSERT_EQ(test, nla_put_u16(f->skb, VNIC_A_DEV_VLAN, 100), 0);
	KUNIT_ASSERT_EQ(test, nla_put_u8(f->skb, VNIC_A_DEV_VLAN_PASSTHROUGH, 1),
			0);
	KUNIT_ASSERT_EQ(test, nl_parse(test, VNIC_CMD_DEV_NEW), 0);
	KUNIT_EXPECT_EQ(test, PTR_ERR(nl_build(test)), -EINVAL);

	nl_reset(test);
	KUNIT_ASSERT_EQ(test, nla_put_u16(f->skb, VNIC_A_DEV_VLAN, 4094), 0);
	KUNIT_ASSERT_EQ(test, nla_put_u8(f->skb, VNIC_A_DEV_VLAN_PRIO, 7), 0);
	KUNIT_ASSERT_EQ(test, nl_parse(test, VNIC_CMD_DEV_NEW), 0);
	fr = nl_build(test);
	KUNIT_ASSERT_FALSE(test, IS_ERR(fr));
	KUNIT_EXPECT_EQ(test, fr->vlan, 4094);
	KUNIT_EXPECT_EQ(test, fr->vlan_prio, 7);
}

/* vnic_share_build() on one direction's rate (bit/s) and burst (0: none). */
static int nl_share(struct kunit *test, u64 rate, u32 burst,
		    struct vnic_share_cfg *cfg)
{
	static const struct vnic_share_cfg old = {
		.tx_rate = 1000000, .tx_burst = 20000,
	};
	struct nl_fixture *f = test->priv;

	nl_reset(test);
	KUNIT_ASSERT_EQ(test, nla_put_uint(f->skb, VNIC_A_DEV_TX_RATE, rate),
			0);
	if (burst)
		KUNIT_ASSERT_EQ(test, nla_put_u32(f->skb, VNIC_A_DEV_TX_BURST,
						  burst), 0);
	KUNIT_ASSERT_EQ(test, nl_parse(test, VNIC_CMD_DEV_SET), 0);
	return vnic_share_build(&old, f->tb, FRAME, cfg, &f->extack);
}

static void nl_share_edges(struct kunit *test)
{
	struct nl_fixture *f = test->priv;
	struct vnic_share_cfg cfg;

	KUNIT_EXPECT_EQ(test, nl_share(test, 7, FRAME, &cfg), -ERANGE);
	KUNIT_EXPECT_STREQ(test, f->extack._msg,
			   "tx-rate: must be 0 (none) or at least 8 bit/s");
	KUNIT_EXPECT_PTR_EQ(test, f->extack.bad_attr, f->tb[VNIC_A_DEV_TX_RATE]);
	KUNIT_EXPECT_EQ(test, nl_share(test, 8, FRAME, &cfg), 1);
	KUNIT_EXPECT_EQ(test, cfg.tx_rate, 8);

	KUNIT_EXPECT_EQ(test, nl_share(test, 1000000, FRAME - 1, &cfg), -EINVAL);
	KUNIT_EXPECT_STREQ(test, f->extack._msg,
			   "tx-burst: must hold a full-size frame (at least "
			   __stringify(FRAME) " bytes)");
	KUNIT_EXPECT_PTR_EQ(test, f->extack.bad_attr,
			    f->tb[VNIC_A_DEV_TX_BURST]);
	KUNIT_EXPECT_EQ(test, nl_share(test, 1000000, FRAME, &cfg), 1);
	KUNIT_EXPECT_EQ(test, cfg.tx_burst, FRAME);

	/* Rate alone: default burst of 10 ms, never below a frame. */
	KUNIT_EXPECT_EQ(test, nl_share(test, 800000000, 0, &cfg), 1);
	KUNIT_EXPECT_EQ(test, cfg.tx_burst, 1000000);
	KUNIT_EXPECT_EQ(test, nl_share(test, 1000, 0, &cfg), 1);
	KUNIT_EXPECT_EQ(test, cfg.tx_burst, FRAME);
	KUNIT_EXPECT_EQ(test, nl_share(test, U64_MAX, 0, &cfg), 1);
	KUNIT_EXPECT_EQ(test, cfg.tx_burst, U32_MAX);

	/* 0 lifts the limit; RX is untouched by a TX-only request. */
	KUNIT_EXPECT_EQ(test, nl_share(test, 0, 0, &cfg), 1);
	KUNIT_EXPECT_EQ(test, cfg.tx_rate, 0);
	KUNIT_EXPECT_EQ(test, cfg.rx_rate, 0);

	/* No share attributes: nothing to do. */
	nl_reset(test);
	KUNIT_ASSERT_EQ(test, nl_parse(test, VNIC_CMD_DEV_SET), 0);
	KUNIT_EXPECT_EQ(test, vnic_share_build(&cfg, f->tb, FRAME, &cfg,
					       &f->extack), 0);

	/* Scheduling alone: taken, the rates kept; a guarantee up to the
	 * largest capacity.
	 */
	cfg = (struct vnic_share_cfg){ .tx_rate = 5000000, .tx_burst = FRAME,
				       .weight = VNIC_WEIGHT_DEFAULT };
	nl_reset(test);
	KUNIT_ASSERT_EQ(test, nla_put_uint(f->skb, VNIC_A_DEV_BW_MIN,
					   VNIC_SCHED_MAX_CAPACITY), 0);
	KUNIT_ASSERT_EQ(test, nla_put_u32(f->skb, VNIC_A_DEV_WEIGHT, 1000), 0);
	KUNIT_ASSERT_EQ(test, nla_put_u32(f->skb, VNIC_A_DEV_PRIORITY, 7), 0);
	KUNIT_ASSERT_EQ(test, nl_parse(test, VNIC_CMD_DEV_SET), 0);
	KUNIT_EXPECT_EQ(test, vnic_share_build(&cfg, f->tb, FRAME, &cfg,
					       &f->extack), 1);
	KUNIT_EXPECT_EQ(test, cfg.bw_min, VNIC_SCHED_MAX_CAPACITY);
	KUNIT_EXPECT_EQ(test, cfg.weight, 1000);
	KUNIT_EXPECT_EQ(test, cfg.priority, 7);
	KUNIT_EXPECT_EQ(test, cfg.tx_rate, 5000000);

	nl_reset(test);
	KUNIT_ASSERT_EQ(test, nla_put_uint(f->skb, VNIC_A_DEV_BW_MIN,
					   VNIC_SCHED_MAX_CAPACITY + 1), 0);
	KUNIT_ASSERT_EQ(test, nl_parse(test, VNIC_CMD_DEV_SET), 0);
	KUNIT_EXPECT_EQ(test, vnic_share_build(&cfg, f->tb, FRAME, &cfg,
					       &f->extack), -ERANGE);
	KUNIT_EXPECT_PTR_EQ(test, f->extack.bad_attr, f->tb[VNIC_A_DEV_BW_MIN]);
}

/* vnic_sched_build() on a parent-set request (0: attribute absent). */
static int nl_sched(struct kunit *test, const struct vnic_sched_cfg *old,
		    u64 capacity, bool has_capacity, u32 burst,
		    struct vnic_sched_cfg *cfg)
{
	struct nl_fixture *f = test->priv;

	nl_reset(test);
	if (has_capacity)
		KUNIT_ASSERT_EQ(test, nla_put_uint(f->skb,
						   VNIC_A_PARENT_CAPACITY,
						   capacity), 0);
	if (burst)
		KUNIT_ASSERT_EQ(test, nla_put_u32(f->skb, VNIC_A_PARENT_BURST,
						  burst), 0);
	KUNIT_ASSERT_EQ(test, nl_parse(test, VNIC_CMD_PARENT_SET), 0);
	return vnic_sched_build(old, f->tb[VNIC_A_PARENT_CAPACITY],
				f->tb[VNIC_A_PARENT_BURST], FRAME, cfg,
				&f->extack);
}

static void nl_sched_edges(struct kunit *test)
{
	static const struct vnic_sched_cfg none = {};
	static const struct vnic_sched_cfg some = {
		.capacity = 100000000, .burst = 125000,
	};
	struct nl_fixture *f = test->priv;
	struct vnic_sched_cfg cfg = { .capacity = 1, .burst = 1 };

	/* Rejected: cfg untouched, the attribute named. */
	KUNIT_EXPECT_EQ(test, nl_sched(test, &none, 7, true, 0, &cfg), -ERANGE);
	KUNIT_EXPECT_STREQ(test, f->extack._msg,
			   "capacity: must be 0 (none) or at least 8 bit/s");
	KUNIT_EXPECT_PTR_EQ(test, f->extack.bad_attr,
			    f->tb[VNIC_A_PARENT_CAPACITY]);
	KUNIT_EXPECT_EQ(test, nl_sched(test, &none, VNIC_SCHED_MAX_CAPACITY + 1,
				       true, 0, &cfg), -ERANGE);
	KUNIT_EXPECT_PTR_EQ(test, f->extack.bad_attr,
			    f->tb[VNIC_A_PARENT_CAPACITY]);
	KUNIT_EXPECT_EQ(test, nl_sched(test, &none, 1000000, true, FRAME - 1,
				       &cfg), -EINVAL);
	KUNIT_EXPECT_STREQ(test, f->extack._msg,
			   "burst: must hold a full-size frame (at least "
			   __stringify(FRAME) " bytes)");
	KUNIT_EXPECT_PTR_EQ(test, f->extack.bad_attr,
			    f->tb[VNIC_A_PARENT_BURST]);
	KUNIT_EXPECT_EQ(test, nl_sched(test, &none, 0, false, FRAME, &cfg),
			-EINVAL);
	KUNIT_EXPECT_STREQ(test, f->extack._msg,
			   "burst: the parent has no capacity (set one with it)");
	KUNIT_EXPECT_EQ(test, nl_sched(test, &some, 0, true, FRAME, &cfg),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, cfg.capacity, 1);
	KUNIT_EXPECT_EQ(test, cfg.burst, 1);

	/* Edges accepted; capacity alone: 10 ms, at least a frame. */
	KUNIT_EXPECT_EQ(test, nl_sched(test, &none, 8, true, 0, &cfg), 1);
	KUNIT_EXPECT_EQ(test, cfg.capacity, 8);
	KUNIT_EXPECT_EQ(test, cfg.burst, FRAME);
	KUNIT_EXPECT_EQ(test, nl_sched(test, &none, VNIC_SCHED_MAX_CAPACITY,
				       true, 0, &cfg), 1);
	/* 10 ms of 8.8 Tbit/s: 10.99 GB, more than a u32 holds. */
	KUNIT_EXPECT_EQ(test, cfg.burst, U32_MAX);
	KUNIT_EXPECT_EQ(test, nl_sched(test, &none, 800000000, true, 0, &cfg),
			1);
	KUNIT_EXPECT_EQ(test, cfg.burst, 1000000);

	/* Burst alone keeps the capacity; capacity 0 clears the burst. */
	KUNIT_EXPECT_EQ(test, nl_sched(test, &some, 0, false, FRAME, &cfg), 1);
	KUNIT_EXPECT_EQ(test, cfg.capacity, some.capacity);
	KUNIT_EXPECT_EQ(test, cfg.burst, FRAME);
	KUNIT_EXPECT_EQ(test, nl_sched(test, &some, 0, true, 0, &cfg), 1);
	KUNIT_EXPECT_EQ(test, cfg.capacity, 0);
	KUNIT_EXPECT_EQ(test, cfg.burst, 0);

	/* Neither: nothing to do. */
	KUNIT_EXPECT_EQ(test, nl_sched(test, &some, 0, false, 0, &cfg), 0);
}

static struct kunit_case vnic_nl_cases[] = {
	KUNIT_CASE(nl_config_edges),
	KUNIT_CASE(nl_selectors),
	KUNIT_CASE(nl_names),
	KUNIT_CASE(nl_nested_edges),
	KUNIT_CASE(nl_policy_prefixes),
	KUNIT_CASE(nl_policy_ethertypes_vlan),
	KUNIT_CASE(nl_share_edges),
	KUNIT_CASE(nl_sched_edges),
	{}
};

static struct kunit_suite vnic_nl_suite = {
	.name = "vnic-netlink",
	.init = nl_init,
	.exit = nl_exit,
	.test_cases = vnic_nl_cases,
};

kunit_test_suite(vnic_nl_suite);
