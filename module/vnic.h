/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vnic - virtual NICs carved out of one parent Ethernet device.
 *
 * Object model
 * ------------
 * A parent device that has at least one vnic carries a struct vnic_port in
 * its rx_handler_data. Each vnic is a netdevice whose private area is a
 * struct vnic_dev; it is bound to its parent for life.
 *
 * Locking
 * -------
 * All configuration (creation, deletion, netns moves, port setup and
 * teardown, the id table) runs under RTNL. The RX path (the parent's
 * rx_handler) and the TX path run under RCU (rcu_read_lock / BH) and only
 * read the port's hash table and vnic list, which are written under RTNL
 * with RCU-safe primitives. A port is freed only after the rx_handler has
 * been unregistered and a grace period has elapsed.
 *
 * A field read without its lock (a bucket's rate on the fast paths; the
 * vnic's mtu, max_mtu and needed_{head,tail}room, which the stack reads
 * too; the parent's needed_headroom, which a tunnel's xmit raises) is read
 * with READ_ONCE() and written with WRITE_ONCE() everywhere, even before
 * the device is registered; static/lockless-once checks it.
 */
#ifndef _VNIC_H
#define _VNIC_H

#include <linux/etherdevice.h>
#include <linux/if_vlan.h>
#include <linux/netdevice.h>
#include <linux/rhashtable.h>
#include <linux/u64_stats_sync.h>
#include <uapi/linux/vnic.h>

#include "framing.h"
#include "share.h"

/* The driver's version: ethtool -i, modinfo; the top-level Makefile's. */
#define VNIC_VERSION	"0.1.0"

/* Demux key: a vnic's MAC, unique on its port whatever its VLAN. */
struct vnic_key {
	u8 addr[ETH_ALEN];
};

struct vnic_dev;

/**
 * struct vnic_port_entry - a vnic's entry in its port's demux table
 * @node: in &vnic_port.tbl (RTNL writes, RCU reads)
 * @key: the MAC it is hashed under. Never written once the entry is in
 *	the table: a lookup compares against it without a lock, so a key
 *	rewritten in place could match half of the old MAC and half of the
 *	new one (a sibling's MAC, say). A MAC change inserts a new entry
 *	and frees this one after a grace period (vnic_port_rehash()).
 * @vnic: the vnic it demuxes to
 * @rcu: for kfree_rcu()
 */
struct vnic_port_entry {
	struct rhash_head node;
	struct vnic_key key;
	struct vnic_dev *vnic;
	struct rcu_head rcu;
};

/* Per-CPU counters: one per &enum vnic_drop reason, and the shaper's. */
struct vnic_pcpu_stats {
	u64_stats_t drops[VNIC_DROP_MAX];
	u64_stats_t tx_throttled;
	u64_stats_t tx_shaped_bytes;
	struct u64_stats_sync syncp;
};

/* Counters summed over CPUs. */
struct vnic_stats {
	u64 drops[VNIC_DROP_MAX];
	u64 tx_throttled;
	u64 tx_shaped_bytes;
	u64 tx_lent_bytes;
	u64 tx_borrowed_bytes;
};

struct vnic_sched;

/**
 * struct vnic_port - per-parent state, the parent's rx_handler_data
 * @dev: the parent device
 * @tbl: &struct vnic_port_entry by &struct vnic_key; written under RTNL,
 *	read under RCU
 * @vnics: all vnics of the port; written under RTNL, read under RCU
 * @sched: the share scheduler, while the parent has a capacity (RTNL
 *	writes; RCU: vnic_sched_kick() on the fast path)
 * @count: users of the port (RTNL): its registered vnics, and @sched;
 *	the last one frees it (vnic_port_put())
 */
struct vnic_port {
	struct net_device *dev;
	struct rhashtable tbl;
	struct list_head vnics;
	struct vnic_sched __rcu *sched;
	unsigned int count;
};

/**
 * struct vnic_dev - private area of a vnic netdevice
 * @dev: the vnic netdevice itself
 * @parent: the parent device; fixed for the vnic's life, reference held
 *	via @parent_tracker from ndo_init until the device is freed
 * @parent_tracker: reference tracker for @parent
 * @port: the parent's port; fixed for the vnic's life
 * @entry: its entry in @port->tbl while linked (RTNL)
 * @list: entry in @port->vnics (RTNL writes, RCU reads)
 * @key: demux key (the MAC): the one to link under, then @entry's, and
 *	the one in the parent's unicast filter while up (RTNL)
 * @framing: framing policy; replaced under RTNL, read under RCU
 * @share: bandwidth share (buckets have their own locks, config RTNL)
 * @stats: per-CPU drop counters, written locklessly on the fast paths
 * @id: module-wide identifier (RTNL)
 * @host_name: the vnic's name in its parent's netns: set at registration,
 *	follows its renames while it lives there, frozen while it lives in
 *	another netns, so that a tenant cannot change it (RTNL)
 * @mode: &enum vnic_mode, fixed at creation
 * @linked: @node/@list/@id are in their tables (RTNL)
 * @admin_mac: an admin MAC change is in progress (RTNL)
 * @tx_mac: the MAC the TX check enforces: the one vnic_check_mac()
 *	accepted at creation or in vnic_set_mac(), written under
 *	@tx_mac_lock (RTNL too) and read with read_seqbegin() by the TX path.
 *	Not dev_addr: that is rewritten byte by byte (a check that read it
 *	half old, half new would enforce a third MAC), and an upper device
 *	may rewrite it without the driver (bonding's balance-tlb)
 * @tx_mac_lock: see @tx_mac
 * @tx_gen: generation of what a TX verdict depends on (the framing policy,
 *	the MAC): bumped under RTNL once a change is visible (smp_wmb());
 *	read with READ_ONCE() before the policy (smp_rmb()) by the TX path,
 *	which records it in a frame that waits in the queue (iq.c)
 */
struct vnic_dev {
	struct net_device *dev;
	struct net_device *parent;
	netdevice_tracker parent_tracker;
	struct vnic_port *port;
	struct vnic_port_entry *entry;
	struct list_head list;
	struct vnic_key key;
	struct vnic_framing __rcu *framing;
	struct vnic_share share;
	struct vnic_pcpu_stats __percpu *stats;
	u32 id;
	char host_name[IFNAMSIZ];
	u32 mode;
	bool linked;
	bool admin_mac;
	seqlock_t tx_mac_lock;
	u8 tx_mac[ETH_ALEN] __aligned(2);
	u32 tx_gen;
};

static inline void vnic_count_drop(struct vnic_dev *vnic, enum vnic_drop why)
{
	struct vnic_pcpu_stats *s = this_cpu_ptr(vnic->stats);

	u64_stats_update_begin(&s->syncp);
	u64_stats_inc(&s->drops[why]);
	u64_stats_update_end(&s->syncp);
}

static inline void vnic_count_shaped(struct vnic_dev *vnic, u64 len,
				     bool throttled)
{
	struct vnic_pcpu_stats *s = this_cpu_ptr(vnic->stats);

	u64_stats_update_begin(&s->syncp);
	u64_stats_add(&s->tx_shaped_bytes, len);
	if (throttled)
		u64_stats_inc(&s->tx_throttled);
	u64_stats_update_end(&s->syncp);
}

void vnic_read_stats(const struct vnic_dev *vnic, struct vnic_stats *out);
void vnic_set_tx_mac(struct vnic_dev *vnic, const u8 *addr);
int vnic_tx_hold(struct vnic_dev *vnic, struct sk_buff *skb);
bool vnic_tx_rejudge(struct vnic_dev *vnic, struct sk_buff *skb, u16 *tci);
void vnic_tx_finish(struct vnic_dev *vnic, struct sk_buff *skb, u16 tci);

/**
 * struct vnic_counter - one per-vnic counter
 * @name: its name, the "stats" attribute's in the YNL spec (vnicctl stats,
 *	ethtool -S)
 * @attr: its VNIC_A_STATS_x attribute
 * @off: offset of its u64 in &struct vnic_stats
 * @host: only the parent's netns sees it: the share scheduler's lending
 *	counters tell of the other vnics' load, which a tenant must not
 *	learn (as it sees no other allocation)
 *
 * vnic_counters[] lists them all, in the spec's order: the one table
 * behind the netlink stats and ethtool -S.
 */
struct vnic_counter {
	const char *name;
	u16 attr;
	u16 off;
	bool host;
};

#define VNIC_N_COUNTERS	(VNIC_DROP_MAX - 1 + 4)
extern const struct vnic_counter vnic_counters[VNIC_N_COUNTERS];

static inline u64 vnic_counter_val(const struct vnic_stats *vs,
				   const struct vnic_counter *c)
{
	return *(const u64 *)((const u8 *)vs + c->off);
}

/* Whether @net (the asker's netns) sees counter @c of @vnic. */
static inline bool vnic_counter_shown(const struct vnic_counter *c,
				      const struct vnic_dev *vnic,
				      const struct net *net)
{
	return !c->host || net_eq(net, dev_net(vnic->parent));
}

/* port.c */
struct vnic_port *vnic_port_get_rtnl(const struct net_device *parent);
struct vnic_port *vnic_port_create(struct net_device *parent,
				   const struct nlattr *attr, const char *name,
				   struct netlink_ext_ack *extack);
void vnic_port_destroy(struct vnic_port *port);
void vnic_port_put(struct vnic_port *port);
int vnic_port_tbl_init(struct vnic_port *port);
void vnic_port_tbl_destroy(struct vnic_port *port);
struct vnic_dev *vnic_port_lookup(struct vnic_port *port, const u8 *addr);
struct vnic_dev *vnic_port_lookup_rtnl(struct vnic_port *port, const u8 *addr);
int vnic_port_link(struct vnic_port *port, struct vnic_dev *vnic);
void vnic_port_unlink(struct vnic_port *port, struct vnic_dev *vnic);
int vnic_port_rehash(struct vnic_port *port, struct vnic_dev *vnic,
		     const u8 *addr);
#if IS_ENABLED(CONFIG_KUNIT)
struct vnic_port_entry *vnic_port_entry_new(struct vnic_dev *vnic,
					    const u8 *addr);
int vnic_port_swap(struct vnic_port *port, struct vnic_dev *vnic,
		   struct vnic_port_entry *e);
const u8 *vnic_port_key_rcu(struct vnic_port *port, const u8 *addr);
#endif

/* rx.c */

/**
 * struct vnic_rx_view - a frame as a vnic's RX policy sees it
 * @tagged: it has an outer VLAN tag
 * @vid: that tag's VLAN id
 * @tpid: that tag's TPID
 * @proto: the ethertype behind the Ethernet header and that tag
 * @len: bytes past the Ethernet header and that tag
 * @gso: a GRO/GSO frame (exempt from the MTU)
 */
struct vnic_rx_view {
	bool tagged;
	bool gso;
	u16 vid;
	__be16 tpid;
	__be16 proto;
	unsigned int len;
};

rx_handler_result_t vnic_handle_frame(struct sk_buff **pskb);
enum vnic_drop vnic_rx_verdict(const struct vnic_dev *vnic,
			       const struct vnic_framing *fr,
			       const struct vnic_rx_view *v);

/* dev.c */
struct vnic_create_args {
	struct net *net;
	const char *name;
	struct net_device *parent;
	const u8 *mac;
	u32 mode;
	struct vnic_framing *framing;	/* consumed by vnic_create() */
	const struct vnic_share_cfg *share;	/* NULL: no share */
	/* Request attributes, for error reporting (NULL when absent) */
	const struct nlattr *parent_attr;
	const struct nlattr *mac_attr;
};

extern struct rtnl_link_ops vnic_link_ops;
bool netif_is_vnic(const struct net_device *dev);
int vnic_check_parent(const struct net_device *parent,
		      const struct nlattr *attr, const char *name,
		      struct netlink_ext_ack *extack);
struct vnic_dev *vnic_create(const struct vnic_create_args *args,
			     struct netlink_ext_ack *extack);
void vnic_dellink(struct net_device *dev, struct list_head *head);
struct vnic_dev *vnic_by_id(u32 id);
struct vnic_dev *vnic_next(unsigned long *id);
unsigned int vnic_ids_generation(void);
void vnic_parent_event(struct net_device *parent, unsigned long event);
void vnic_name_event(struct net_device *dev);
int vnic_pre_changeaddr(struct net_device *dev, void *ptr);
int vnic_parent_pre_changeaddr(struct net_device *parent, const u8 *addr,
			       struct netlink_ext_ack *extack);
int vnic_change(struct vnic_dev *vnic, const u8 *mac,
		const struct nlattr *mac_attr, struct vnic_framing *framing,
		struct netlink_ext_ack *extack);

/* policy.c */
struct vnic_framing *vnic_policy_build(const struct vnic_framing *old,
				       struct nlattr **tb,
				       struct netlink_ext_ack *extack);
int vnic_policy_fill(struct sk_buff *skb, const struct vnic_framing *fr);
int vnic_share_build(const struct vnic_share_cfg *old, struct nlattr **tb,
		     u32 frame, struct vnic_share_cfg *cfg,
		     struct netlink_ext_ack *extack);
int vnic_share_fill(struct sk_buff *skb, const struct vnic_share_cfg *cfg);

/* Largest frame a vnic on @parent can carry, in wire bytes. */
static inline u32 vnic_max_frame(const struct net_device *parent)
{
	return parent->mtu + ETH_HLEN + VLAN_HLEN;
}

/* netlink.c */
void vnic_nl_set_live(bool live);
bool vnic_nl_monitored(struct net *net);
void vnic_nl_notify(struct vnic_dev *vnic, u8 cmd);

/* tx.c */
netdev_tx_t vnic_start_xmit(struct sk_buff *skb, struct net_device *dev);

#endif /* _VNIC_H */
