// SPDX-License-Identifier: GPL-2.0
/*
 * vnic netdevice: setup, ops, creation and deletion, the module-wide id
 * table. Creation and deletion run under RTNL.
 */
#include <linux/ethtool.h>
#include <linux/if_arp.h>
#include <linux/if_vlan.h>
#include <linux/rtnetlink.h>
#include <linux/xarray.h>
#include <net/netdev_queues.h>
#include <net/rtnetlink.h>

#include "sched.h"
#include "vnic.h"

/* vnic ids, RTNL protected; an id is never reused while its vnic lives. */
static DEFINE_XARRAY_ALLOC1(vnic_ids);
/* Changes whenever a vnic enters or leaves vnic_ids (RTNL), never 0: a dump
 * that spans several messages is flagged NLM_F_DUMP_INTR if it changed.
 */
static unsigned int vnic_ids_gen = 1;

static void vnic_ids_changed(void)
{
	vnic_ids_gen = vnic_ids_gen + 1 ?: 1;
}

/* Generation of the id table, for nl_dump_check_consistent(); RTNL held. */
unsigned int vnic_ids_generation(void)
{
	ASSERT_RTNL();
	return vnic_ids_gen;
}

/* Transmit offloads: the parent's xmit path emulates in software what its
 * hardware lacks (validate_xmit_skb() segments, checksums, linearizes), so
 * a vnic offers them whatever its parent; its owner may turn them off.
 * Only the segmentation the TX check can verify (TCP and UDP, by the
 * headers it parsed): SCTP and fraglist GSO, and frag_list skbs, are
 * resolved by the core before the check, each segment checked on its own.
 */
#define VNIC_TX_OFFLOADS \
	(NETIF_F_SG | NETIF_F_HW_CSUM | NETIF_F_HIGHDMA | NETIF_F_ALL_TSO | \
	 NETIF_F_GSO_UDP_L4)
/* Receive offloads happen in the parent: a vnic has them only while its
 * parent does (vnic_fix_features()).
 */
#define VNIC_RX_OFFLOADS	NETIF_F_RXCSUM
#define VNIC_OFFLOADS		(VNIC_TX_OFFLOADS | VNIC_RX_OFFLOADS)

static struct lock_class_key vnic_addr_lock_key;
static const struct net_device_ops vnic_netdev_ops;

bool netif_is_vnic(const struct net_device *dev)
{
	return dev->netdev_ops == &vnic_netdev_ops;
}

static unsigned int vnic_max_mtu(const struct vnic_dev *vnic)
{
	const struct vnic_framing *fr = rtnl_dereference(vnic->framing);

	return vnic->parent->mtu - (fr->vlan ? VLAN_HLEN : 0);
}

static int vnic_init(struct net_device *dev)
{
	struct vnic_dev *vnic = netdev_priv(dev);
	struct net_device *parent = vnic->parent;

	vnic->stats = netdev_alloc_pcpu_stats(struct vnic_pcpu_stats);
	if (!vnic->stats)
		return -ENOMEM;

	netdev_lockdep_set_classes(dev);
	lockdep_set_class(&dev->addr_list_lock, &vnic_addr_lock_key);

	dev->hard_header_len = parent->hard_header_len;
	WRITE_ONCE(dev->needed_headroom, READ_ONCE(parent->needed_headroom));
	WRITE_ONCE(dev->needed_tailroom, parent->needed_tailroom);
	WRITE_ONCE(dev->max_mtu, vnic_max_mtu(vnic));
	/* The parent's MTU, unless the creator asked for less (IFLA_MTU). */
	if (!dev->mtu || dev->mtu > dev->max_mtu)
		WRITE_ONCE(dev->mtu, dev->max_mtu);
	netif_inherit_tso_max(dev, parent);

	netdev_hold(parent, &vnic->parent_tracker, GFP_KERNEL);
	vnic->port->count++;
	return 0;
}

static void vnic_unlink(struct vnic_dev *vnic)
{
	if (!vnic->linked)
		return;
	vnic->linked = false;
	xa_erase(&vnic_ids, vnic->id);
	vnic_ids_changed();
	vnic_port_unlink(vnic->port, vnic);
	netdev_upper_dev_unlink(vnic->parent, vnic->dev);
}

static void vnic_uninit(struct net_device *dev)
{
	struct vnic_dev *vnic = netdev_priv(dev);
	struct vnic_port *port = vnic->port;

	vnic_share_stop(vnic);
	vnic_unlink(vnic);
	vnic_port_put(port);
}

/* priv_destructor; also undoes a failed registration. Idempotent. */
static void vnic_free(struct net_device *dev)
{
	struct vnic_dev *vnic = netdev_priv(dev);

	if (vnic->stats) {
		free_percpu(vnic->stats);
		vnic->stats = NULL;
		netdev_put(vnic->parent, &vnic->parent_tracker);
	}
	kfree(rcu_dereference_protected(vnic->framing, true));
	RCU_INIT_POINTER(vnic->framing, NULL);
}

#define VNIC_DROP_COUNTER(x, n) \
	{ n, VNIC_A_STATS_##x, offsetof(struct vnic_stats, drops[VNIC_DROP_##x]) }

const struct vnic_counter vnic_counters[VNIC_N_COUNTERS] = {
	VNIC_DROP_COUNTER(TX_SPOOF_MAC, "tx-spoof-mac"),
	VNIC_DROP_COUNTER(TX_SPOOF_IP, "tx-spoof-ip"),
	VNIC_DROP_COUNTER(TX_SPOOF_ARP, "tx-spoof-arp"),
	VNIC_DROP_COUNTER(TX_SPOOF_ND, "tx-spoof-nd"),
	VNIC_DROP_COUNTER(TX_VLAN, "tx-vlan"),
	VNIC_DROP_COUNTER(TX_ETHERTYPE, "tx-ethertype"),
	VNIC_DROP_COUNTER(TX_MTU, "tx-mtu"),
	VNIC_DROP_COUNTER(TX_RUNT, "tx-runt"),
	VNIC_DROP_COUNTER(RX_VLAN, "rx-vlan"),
	VNIC_DROP_COUNTER(RX_ETHERTYPE, "rx-ethertype"),
	VNIC_DROP_COUNTER(RX_LOOP, "rx-loop"),
	VNIC_DROP_COUNTER(RX_RATE, "rx-rate"),
	{ "tx-throttled", VNIC_A_STATS_TX_THROTTLED,
	  offsetof(struct vnic_stats, tx_throttled) },
	{ "tx-shaped-bytes", VNIC_A_STATS_TX_SHAPED_BYTES,
	  offsetof(struct vnic_stats, tx_shaped_bytes) },
	VNIC_DROP_COUNTER(RX_MTU, "rx-mtu"),
	VNIC_DROP_COUNTER(TX_OFFLOAD, "tx-offload"),
	VNIC_DROP_COUNTER(TX_RATE, "tx-rate"),
	{ "tx-lent-bytes", VNIC_A_STATS_TX_LENT_BYTES,
	  offsetof(struct vnic_stats, tx_lent_bytes), true },
	{ "tx-borrowed-bytes", VNIC_A_STATS_TX_BORROWED_BYTES,
	  offsetof(struct vnic_stats, tx_borrowed_bytes), true },
};

void vnic_read_stats(const struct vnic_dev *vnic, struct vnic_stats *out)
{
	const struct vnic_pcpu_stats *s;
	struct vnic_stats tmp;
	unsigned int start;
	int cpu, i;

	memset(out, 0, sizeof(*out));
	for_each_possible_cpu(cpu) {
		s = per_cpu_ptr(vnic->stats, cpu);
		do {
			start = u64_stats_fetch_begin(&s->syncp);
			for (i = 0; i < VNIC_DROP_MAX; i++)
				tmp.drops[i] = u64_stats_read(&s->drops[i]);
			tmp.tx_throttled = u64_stats_read(&s->tx_throttled);
			tmp.tx_shaped_bytes = u64_stats_read(&s->tx_shaped_bytes);
		} while (u64_stats_fetch_retry(&s->syncp, start));
		for (i = 0; i < VNIC_DROP_MAX; i++)
			out->drops[i] += tmp.drops[i];
		out->tx_throttled += tmp.tx_throttled;
		out->tx_shaped_bytes += tmp.tx_shaped_bytes;
	}
	/* The share scheduler's, from its tick. */
	out->tx_lent_bytes = READ_ONCE(vnic->share.sched.lent);
	out->tx_borrowed_bytes = READ_ONCE(vnic->share.sched.borrowed);
}

static void vnic_get_stats64(struct net_device *dev,
			     struct rtnl_link_stats64 *stats)
{
	struct vnic_dev *vnic = netdev_priv(dev);
	struct vnic_stats vs;
	int i;

	dev_fetch_sw_netstats(stats, dev->tstats);
	vnic_read_stats(vnic, &vs);
	for (i = VNIC_DROP_NONE + 1; i < VNIC_DROP_FIRST_RX; i++)
		stats->tx_dropped += vs.drops[i];
	for (i = VNIC_DROP_FIRST_RX; i < VNIC_DROP_MAX; i++)
		stats->rx_dropped += vs.drops[i];
}

/*
 * A vnic's link follows its parent's: carrier, dormant and testing states,
 * and no carrier while the parent is down, even when the parent's driver
 * keeps its carrier on then (dummy, many NICs). RTNL held.
 */
static void vnic_transfer_operstate(struct net_device *parent,
				    struct net_device *dev)
{
	if (netif_running(parent))
		netif_stacked_transfer_operstate(parent, dev);
	else
		netif_carrier_off(dev);
}

static int vnic_open(struct net_device *dev)
{
	struct vnic_dev *vnic = netdev_priv(dev);
	struct net_device *parent = vnic->parent;
	int err;

	/* The key, not dev_addr: an upper device may rewrite dev_addr without
	 * the driver (bonding's balance-tlb), and the filter must hold what
	 * the demux table and the TX check hold, to be undone exactly.
	 */
	err = dev_uc_add(parent, vnic->key.addr);
	if (err)
		return err;

	if (dev->flags & IFF_ALLMULTI) {
		err = dev_set_allmulti(parent, 1);
		if (err)
			goto err_uc;
	}
	if (dev->flags & IFF_PROMISC) {
		err = dev_set_promiscuity(parent, 1);
		if (err)
			goto err_allmulti;
	}
	vnic_transfer_operstate(parent, dev);
	vnic_share_start(vnic);
	netif_start_queue(dev);
	return 0;

err_allmulti:
	if (dev->flags & IFF_ALLMULTI)
		dev_set_allmulti(parent, -1);
err_uc:
	dev_uc_del(parent, vnic->key.addr);
	return err;
}

static int vnic_stop(struct net_device *dev)
{
	struct vnic_dev *vnic = netdev_priv(dev);
	struct net_device *parent = vnic->parent;

	vnic_share_stop(vnic);
	dev_uc_unsync(parent, dev);
	dev_mc_unsync(parent, dev);
	if (dev->flags & IFF_ALLMULTI)
		dev_set_allmulti(parent, -1);
	if (dev->flags & IFF_PROMISC)
		dev_set_promiscuity(parent, -1);
	dev_uc_del(parent, vnic->key.addr);
	return 0;
}

static void vnic_change_rx_flags(struct net_device *dev, int change)
{
	struct vnic_dev *vnic = netdev_priv(dev);

	if (!(dev->flags & IFF_UP))
		return;
	if (change & IFF_ALLMULTI)
		dev_set_allmulti(vnic->parent,
				 dev->flags & IFF_ALLMULTI ? 1 : -1);
	if (change & IFF_PROMISC)
		dev_set_promiscuity(vnic->parent,
				    dev->flags & IFF_PROMISC ? 1 : -1);
}

static void vnic_set_rx_mode(struct net_device *dev)
{
	struct vnic_dev *vnic = netdev_priv(dev);

	dev_uc_sync(vnic->parent, dev);
	dev_mc_sync(vnic->parent, dev);
}

/* Checks that @addr, from request attribute @attr (if any), is usable as
 * a vnic MAC on @port; RTNL held.
 */
static int vnic_check_mac(const struct vnic_port *port,
			  const struct net_device *parent, const u8 *addr,
			  const struct nlattr *attr,
			  struct netlink_ext_ack *extack)
{
	struct vnic_dev *other;

	if (!is_valid_ether_addr(addr)) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "mac: must be unicast and not zero");
		return -EADDRNOTAVAIL;
	}
	if (ether_addr_equal(addr, parent->dev_addr)) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "mac: is the parent's own address");
		return -EADDRINUSE;
	}
	if (!port)
		return 0;
	other = vnic_port_lookup_rtnl((struct vnic_port *)port, addr);
	if (other) {
		NL_SET_ERR_MSG_ATTR_FMT(extack, attr,
					"mac: already used by vnic %s",
					other->dev->name);
		return -EADDRINUSE;
	}
	return 0;
}

/* Moves the vnic to @addr: demux key, parent's unicast filter, dev_addr. */
static int vnic_set_mac(struct vnic_dev *vnic, const u8 *addr,
			struct netlink_ext_ack *extack)
{
	struct net_device *dev = vnic->dev;
	u8 old[ETH_ALEN];
	int err;

	/* Unlinked, it is on its way out: a bond or team releasing it from
	 * NETDEV_UNREGISTER restores its old MAC, and that must not put it
	 * back in the demux table it already left.
	 */
	if (!vnic->linked)
		return -ENODEV;
	/* Compared with the key, which the filter holds (see vnic_open()). */
	if (ether_addr_equal(addr, vnic->key.addr)) {
		if (!ether_addr_equal(addr, dev->dev_addr))
			eth_hw_addr_set(dev, addr);
		return 0;
	}
	err = vnic_check_mac(vnic->port, vnic->parent, addr, NULL, extack);
	if (err)
		return err;

	if (netif_running(dev)) {
		err = dev_uc_add(vnic->parent, addr);
		if (err)
			return err;
	}
	ether_addr_copy(old, vnic->key.addr);
	err = vnic_port_rehash(vnic->port, vnic, addr);
	if (err) {
		if (netif_running(dev))
			dev_uc_del(vnic->parent, addr);
		return err;
	}
	eth_hw_addr_set(dev, addr);
	vnic_set_tx_mac(vnic, addr);
	if (netif_running(dev))
		dev_uc_del(vnic->parent, old);
	/* Frames waiting in the driver were judged with the old MAC. */
	vnic_share_policy_changed(vnic);
	return 0;
}

/* The MAC is part of the framing contract: the tenant may change it only
 * when the admin allowed it (mac-change on).
 */
static int vnic_set_mac_address(struct net_device *dev, void *p)
{
	struct vnic_dev *vnic = netdev_priv(dev);
	const struct sockaddr *sa = p;

	if (!vnic->admin_mac && !rtnl_dereference(vnic->framing)->mac_change)
		return -EPERM;
	return vnic_set_mac(vnic, sa->sa_data, NULL);
}

/* NETDEV_PRE_CHANGEADDR on a vnic: tells an rtnetlink caller (the tenant's
 * "ip link set address") why vnic_set_mac_address() would refuse; RTNL held.
 */
int vnic_pre_changeaddr(struct net_device *dev, void *ptr)
{
	struct netlink_ext_ack *extack = netdev_notifier_info_to_extack(ptr);
	struct vnic_dev *vnic = netdev_priv(dev);

	if (!vnic->admin_mac && !rtnl_dereference(vnic->framing)->mac_change) {
		NL_SET_ERR_MSG_FMT(extack,
				   "address: vnic %s may not change its MAC (mac-change is off)",
				   dev->name);
		return -EPERM;
	}
	return 0;
}

static int vnic_get_iflink(const struct net_device *dev)
{
	const struct vnic_dev *vnic = netdev_priv(dev);

	return READ_ONCE(vnic->parent->ifindex);
}

/*
 * The parent's receive offloads bound the vnic's; transmit offloads are
 * the owner's choice (see VNIC_TX_OFFLOADS). Called by
 * netdev_update_features() under RTNL, also when the parent's features
 * change (NETDEV_FEAT_CHANGE, vnic_parent_event()).
 */
static netdev_features_t vnic_fix_features(struct net_device *dev,
					   netdev_features_t features)
{
	const struct vnic_dev *vnic = netdev_priv(dev);

	return features & (vnic->parent->features | ~VNIC_RX_OFFLOADS);
}

static const struct net_device_ops vnic_netdev_ops = {
	.ndo_init		= vnic_init,
	.ndo_uninit		= vnic_uninit,
	.ndo_open		= vnic_open,
	.ndo_stop		= vnic_stop,
	.ndo_start_xmit		= vnic_start_xmit,
	.ndo_change_rx_flags	= vnic_change_rx_flags,
	.ndo_set_rx_mode	= vnic_set_rx_mode,
	.ndo_set_mac_address	= vnic_set_mac_address,
	.ndo_validate_addr	= eth_validate_addr,
	.ndo_get_stats64	= vnic_get_stats64,
	.ndo_get_iflink		= vnic_get_iflink,
	.ndo_fix_features	= vnic_fix_features,
	.ndo_features_check	= passthru_features_check,
};

/* ethtool -i: bus-info is the parent's name (in the parent's netns). */
static void vnic_get_drvinfo(struct net_device *dev,
			     struct ethtool_drvinfo *info)
{
	const struct vnic_dev *vnic = netdev_priv(dev);

	strscpy(info->driver, "vnic", sizeof(info->driver));
	strscpy(info->version, VNIC_VERSION, sizeof(info->version));
	strscpy(info->bus_info, vnic->parent->name, sizeof(info->bus_info));
}

/* ethtool -S: the counters of vnic_counters[] the vnic's netns sees (all in
 * its parent's, vnic_counter_shown()), under their spec names. The ethtool
 * core holds RTNL across the count and the values, as a netns move does.
 */
static bool vnic_ethtool_shown(struct net_device *dev, int i)
{
	return vnic_counter_shown(&vnic_counters[i], netdev_priv(dev),
				  dev_net(dev));
}

static int vnic_get_sset_count(struct net_device *dev, int sset)
{
	int i, n = 0;

	if (sset != ETH_SS_STATS)
		return -EOPNOTSUPP;
	for (i = 0; i < VNIC_N_COUNTERS; i++)
		n += vnic_ethtool_shown(dev, i);
	return n;
}

static void vnic_get_strings(struct net_device *dev, u32 sset, u8 *buf)
{
	int i;

	if (sset != ETH_SS_STATS)
		return;
	for (i = 0; i < VNIC_N_COUNTERS; i++)
		if (vnic_ethtool_shown(dev, i))
			ethtool_puts(&buf, vnic_counters[i].name);
}

static void vnic_get_ethtool_stats(struct net_device *dev,
				   struct ethtool_stats *stats, u64 *data)
{
	const struct vnic_dev *vnic = netdev_priv(dev);
	struct vnic_stats vs;
	int i;

	vnic_read_stats(vnic, &vs);
	for (i = 0; i < VNIC_N_COUNTERS; i++)
		if (vnic_ethtool_shown(dev, i))
			*data++ = vnic_counter_val(&vs, &vnic_counters[i]);
}

static const struct ethtool_ops vnic_ethtool_ops = {
	.get_drvinfo		= vnic_get_drvinfo,
	.get_link		= ethtool_op_get_link,
	.get_sset_count		= vnic_get_sset_count,
	.get_strings		= vnic_get_strings,
	.get_ethtool_stats	= vnic_get_ethtool_stats,
};

/*
 * Queue statistics (netdev genl qstats-get). A vnic has one RX and one TX
 * queue, which see all of its traffic: the queue's counters are the
 * device's, and the base (traffic not on a queue) is zero. Packets and
 * bytes are those of `ip -s link`; hw-drops are the framing drops, the RX
 * policer's are rx hw-drop-ratelimits and the noqueue shaper's tx
 * hw-drop-ratelimits (so that hw-drops plus hw-drop-ratelimits is ip's
 * dropped, drops of the core aside) and tx stop counts the shaper's
 * queue stops. Lockless per-CPU reads.
 */
static void vnic_get_queue_stats_rx(struct net_device *dev, int idx,
				    struct netdev_queue_stats_rx *rx)
{
	const struct vnic_dev *vnic = netdev_priv(dev);
	struct rtnl_link_stats64 s = {};
	struct vnic_stats vs;
	int i;

	dev_fetch_sw_netstats(&s, dev->tstats);
	vnic_read_stats(vnic, &vs);
	rx->packets = s.rx_packets;
	rx->bytes = s.rx_bytes;
	rx->hw_drops = 0;
	for (i = VNIC_DROP_FIRST_RX; i < VNIC_DROP_MAX; i++)
		if (i != VNIC_DROP_RX_RATE)
			rx->hw_drops += vs.drops[i];
	rx->hw_drop_ratelimits = vs.drops[VNIC_DROP_RX_RATE];
}

static void vnic_get_queue_stats_tx(struct net_device *dev, int idx,
				    struct netdev_queue_stats_tx *tx)
{
	const struct vnic_dev *vnic = netdev_priv(dev);
	struct rtnl_link_stats64 s = {};
	struct vnic_stats vs;
	int i;

	dev_fetch_sw_netstats(&s, dev->tstats);
	vnic_read_stats(vnic, &vs);
	tx->packets = s.tx_packets;
	tx->bytes = s.tx_bytes;
	tx->hw_drops = 0;
	for (i = VNIC_DROP_NONE + 1; i < VNIC_DROP_FIRST_RX; i++)
		if (i != VNIC_DROP_TX_RATE)
			tx->hw_drops += vs.drops[i];
	tx->hw_drop_ratelimits = vs.drops[VNIC_DROP_TX_RATE];
	tx->stop = vs.tx_throttled;
}

static void vnic_get_base_stats(struct net_device *dev,
				struct netdev_queue_stats_rx *rx,
				struct netdev_queue_stats_tx *tx)
{
	rx->packets = 0;
	rx->bytes = 0;
	rx->hw_drops = 0;
	rx->hw_drop_ratelimits = 0;
	tx->packets = 0;
	tx->bytes = 0;
	tx->hw_drops = 0;
	tx->hw_drop_ratelimits = 0;
	tx->stop = 0;
}

static const struct netdev_stat_ops vnic_stat_ops = {
	.get_queue_stats_rx	= vnic_get_queue_stats_rx,
	.get_queue_stats_tx	= vnic_get_queue_stats_tx,
	.get_base_stats		= vnic_get_base_stats,
};

static void vnic_setup(struct net_device *dev)
{
	struct vnic_dev *vnic = netdev_priv(dev);

	ether_setup(dev);

	dev->netdev_ops = &vnic_netdev_ops;
	dev->ethtool_ops = &vnic_ethtool_ops;
	dev->stat_ops = &vnic_stat_ops;
	dev->needs_free_netdev = true;
	dev->priv_destructor = vnic_free;
	dev->pcpu_stat_type = NETDEV_PCPU_STAT_TSTATS;
	dev->priv_flags &= ~IFF_TX_SKB_SHARING;
	dev->priv_flags |= IFF_UNICAST_FLT;
	if (vnic_share_iq_default()) {
		/* Frames wait in the driver (iq.c), not in a qdisc. */
		vnic->share.iq_mode = true;
		dev->priv_flags |= IFF_NO_QUEUE;
	}
	dev->lltx = true;
	dev->hw_features = VNIC_OFFLOADS;
	dev->features = VNIC_OFFLOADS;
	dev->vlan_features = VNIC_OFFLOADS;
	dev->hw_enc_features = VNIC_OFFLOADS;
	WRITE_ONCE(dev->max_mtu, ETH_MAX_MTU);
	/* 0: the largest the parent allows (vnic_init()), unless set. */
	WRITE_ONCE(dev->mtu, 0);
}

/**
 * vnic_check_parent - can @parent carry vnics? RTNL held.
 * @parent: the device
 * @attr: the request attribute naming it, for error reporting
 * @name: that attribute's name ("parent-ifindex", "ifindex", "name")
 * @extack: error reporting
 *
 * Return: 0, -EINVAL (a vnic) or -EOPNOTSUPP (not Ethernet).
 */
int vnic_check_parent(const struct net_device *parent,
		      const struct nlattr *attr, const char *name,
		      struct netlink_ext_ack *extack)
{
	if (netif_is_vnic(parent)) {
		NL_SET_ERR_MSG_ATTR_FMT(extack, attr,
					"%s: a vnic cannot be the parent of a vnic",
					name);
		return -EINVAL;
	}
	if (parent->type != ARPHRD_ETHER || parent->addr_len != ETH_ALEN ||
	    parent->flags & IFF_LOOPBACK) {
		NL_SET_ERR_MSG_ATTR_FMT(extack, attr,
					"%s: parent must be an Ethernet device",
					name);
		return -EOPNOTSUPP;
	}
	return 0;
}

static int vnic_pick_mac(struct net_device *dev, const struct vnic_port *port,
			 const struct vnic_create_args *args,
			 struct netlink_ext_ack *extack)
{
	int tries = 8;

	if (args->mac) {
		eth_hw_addr_set(dev, args->mac);
		return vnic_check_mac(port, args->parent, args->mac,
				      args->mac_attr, extack);
	}
	do {
		eth_hw_addr_random(dev);
		if (!vnic_check_mac(port, args->parent, dev->dev_addr, NULL,
				    NULL))
			return 0;
	} while (--tries);
	NL_SET_ERR_MSG_ATTR(extack, args->parent_attr,
			    "parent-ifindex: no free random MAC on this parent, give a mac");
	return -EADDRINUSE;
}

/* Binds a registered-to-be @dev to @parent and registers it; takes
 * ownership of @framing. On error the device is either still unregistered
 * (caller runs vnic_free() and frees it) or already queued for freeing
 * (reg_state past NETREG_UNINITIALIZED).
 */
static int vnic_register(struct net_device *dev,
			 const struct vnic_create_args *args,
			 struct netlink_ext_ack *extack)
{
	struct net_device *parent = args->parent;
	struct vnic_dev *vnic = netdev_priv(dev);
	struct vnic_port *port;
	bool created = false;
	int err;

	ASSERT_RTNL();
	/* From here on vnic_free() releases the policy. */
	rcu_assign_pointer(vnic->framing, args->framing);
	vnic->parent = parent;
	vnic->dev = dev;
	vnic_share_init(vnic);
	seqlock_init(&vnic->tx_mac_lock);

	err = vnic_check_parent(parent, args->parent_attr, "parent-ifindex",
				extack);
	if (err)
		return err;

	port = vnic_port_get_rtnl(parent);
	err = vnic_pick_mac(dev, port, args, extack);
	if (err)
		return err;

	if (!port) {
		port = vnic_port_create(parent, args->parent_attr,
					"parent-ifindex", extack);
		if (IS_ERR(port))
			return PTR_ERR(port);
		created = true;
	}

	vnic->dev = dev;
	vnic->port = port;
	vnic->mode = args->mode;
	ether_addr_copy(vnic->key.addr, dev->dev_addr);
	vnic_set_tx_mac(vnic, dev->dev_addr);
	dev->rtnl_link_ops = &vnic_link_ops;

	err = register_netdevice(dev);
	if (err) {
		/* vnic_uninit() destroyed the port if it ran; else we do. */
		if (created && vnic_port_get_rtnl(parent) == port &&
		    !port->count)
			vnic_port_destroy(port);
		return err;
	}

	/* Its name as created, even straight into another netns. */
	strscpy(vnic->host_name, dev->name);

	err = netdev_upper_dev_link(parent, dev, extack);
	if (err)
		goto err_unregister;

	err = vnic_sched_join(port);
	if (err)
		goto err_unlink_upper;
	err = vnic_port_link(port, vnic);
	if (err)
		goto err_unlink_upper;

	err = xa_alloc(&vnic_ids, &vnic->id, vnic, xa_limit_32b, GFP_KERNEL);
	if (err)
		goto err_unlink_port;
	vnic->linked = true;
	vnic_ids_changed();

	vnic_transfer_operstate(parent, dev);
	linkwatch_fire_event(dev);
	return 0;

err_unlink_port:
	vnic_port_unlink(port, vnic);
err_unlink_upper:
	netdev_upper_dev_unlink(parent, dev);
err_unregister:
	unregister_netdevice(dev);
	return err;
}

/*
 * The creation path shared by generic netlink (vnic_create()) and
 * rtnetlink (vnic_rtnl_newlink()): registers @dev, allocated with
 * vnic_setup() and placed in its netns, as a vnic of @args->parent and
 * applies @args->share. Takes ownership of @args->framing. On error @dev
 * is either unregistered with nothing of it left to release but the
 * netdev itself (free_netdev() by the caller), or already queued for
 * unregistration (free_netdev() then only marks it to be freed).
 */
static int vnic_newlink(struct net_device *dev,
			const struct vnic_create_args *args,
			struct netlink_ext_ack *extack)
{
	static const struct vnic_share_cfg none = {
		.weight = VNIC_WEIGHT_DEFAULT,
	};
	struct vnic_dev *vnic = netdev_priv(dev);
	int err;

	err = vnic_register(dev, args, extack);
	if (err) {
		if (dev->reg_state == NETREG_UNINITIALIZED)
			vnic_free(dev);
		return err;
	}
	vnic_share_apply(vnic, args->share ?: &none);
	vnic_nl_notify(vnic, VNIC_CMD_DEV_NEW_NTF);
	vnic_nl_group_moved(NULL, vnic->share.cfg.group);
	return 0;
}

struct vnic_dev *vnic_create(const struct vnic_create_args *args,
			     struct netlink_ext_ack *extack)
{
	const char *name = args->name ?: "vnic%d";
	struct net_device *dev;
	int err;

	ASSERT_RTNL();
	dev = alloc_netdev(sizeof(struct vnic_dev), name,
			   args->name ? NET_NAME_USER : NET_NAME_ENUM,
			   vnic_setup);
	if (!dev) {
		kfree(args->framing);
		return ERR_PTR(-ENOMEM);
	}
	dev_net_set(dev, args->net);

	err = vnic_newlink(dev, args, extack);
	if (err) {
		free_netdev(dev);
		return ERR_PTR(err);
	}
	return netdev_priv(dev);
}

void vnic_dellink(struct net_device *dev, struct list_head *head)
{
	struct vnic_dev *vnic = netdev_priv(dev);

	ASSERT_RTNL();
	if (vnic->linked) {
		/* Alive: a group-del cannot take it while the vnic is in it,
		 * nor the scheduler's end before its last vnic.
		 */
		const struct vnic_group *g = vnic->share.cfg.group;

		vnic_nl_notify(vnic, VNIC_CMD_DEV_DEL_NTF);
		vnic_unlink(vnic);
		/* One vnic less; unless its parent goes too, and the group
		 * with it (group-del-ntf, vnic_sched_release()).
		 */
		if (vnic->parent->reg_state == NETREG_REGISTERED)
			vnic_nl_group_moved(g, NULL);
		/* Off the port, the vnic no longer holds the group: it may be
		 * freed (with its parent, in the same batch) before this
		 * vnic is.
		 */
		vnic->share.cfg.group = NULL;
		RCU_INIT_POINTER(vnic->share.sched.tick_group, NULL);
	}
	unregister_netdevice_queue(dev, head);
}

struct vnic_dev *vnic_by_id(u32 id)
{
	ASSERT_RTNL();
	return xa_load(&vnic_ids, id);
}

/* Iterates vnics in id order from *@id; RTNL held. */
struct vnic_dev *vnic_next(unsigned long *id)
{
	ASSERT_RTNL();
	return xa_find(&vnic_ids, id, ULONG_MAX, XA_PRESENT);
}

static void vnic_clamp_mtu(struct vnic_dev *vnic)
{
	unsigned int max = vnic_max_mtu(vnic);

	WRITE_ONCE(vnic->dev->max_mtu, max);
	if (vnic->dev->mtu > max)
		dev_set_mtu(vnic->dev, max);
}

/**
 * vnic_change - admin change of a vnic's MAC and/or framing policy
 * @vnic: the vnic
 * @mac: new MAC, or NULL to keep it
 * @mac_attr: the request attribute @mac comes from, for error reporting
 * @framing: new policy (consumed), or NULL to keep it
 * @extack: error reporting
 *
 * All or nothing: on error neither the MAC nor the policy changed.
 * Return: 0 or a negative errno. RTNL held.
 */
int vnic_change(struct vnic_dev *vnic, const u8 *mac,
		const struct nlattr *mac_attr, struct vnic_framing *framing,
		struct netlink_ext_ack *extack)
{
	struct vnic_framing *old;
	struct sockaddr sa;
	int err;

	ASSERT_RTNL();
	if (mac && !ether_addr_equal(mac, vnic->dev->dev_addr)) {
		err = vnic_check_mac(vnic->port, vnic->parent, mac, mac_attr,
				     extack);
		if (err)
			goto err_free;
		sa.sa_family = vnic->dev->type;
		memcpy(sa.sa_data, mac, ETH_ALEN);
		vnic->admin_mac = true;
		err = dev_set_mac_address(vnic->dev, &sa, extack);
		vnic->admin_mac = false;
		if (err) {
			/* Refused by a notifier or the parent's filter. */
			if (extack && !extack->_msg)
				NL_SET_ERR_MSG_ATTR(extack, mac_attr,
						    "mac: the MAC change was refused");
			else if (extack && !extack->bad_attr)
				NL_SET_BAD_ATTR(extack, mac_attr);
			goto err_free;
		}
	}
	if (framing) {
		old = rtnl_dereference(vnic->framing);
		rcu_assign_pointer(vnic->framing, framing);
		kfree_rcu(old, rcu);
		vnic_clamp_mtu(vnic);
		/* Frames waiting in the driver were judged and tagged
		 * under the old policy: they are judged again.
		 */
		vnic_share_policy_changed(vnic);
	}
	return 0;

err_free:
	kfree(framing);
	return err;
}

/* Records @vnic's name as its host name if it lives in its parent's netns. */
static void vnic_update_host_name(struct vnic_dev *vnic)
{
	if (net_eq(dev_net(vnic->dev), dev_net(vnic->parent)))
		strscpy(vnic->host_name, vnic->dev->name);
}

/**
 * vnic_name_event - NETDEV_REGISTER (a netns move too) or NETDEV_CHANGENAME
 * of the vnic @dev
 * @dev: a vnic
 *
 * Keeps its host name: its name while it lives in its parent's netns; a
 * name given to it in another netns is not recorded. RTNL held.
 */
void vnic_name_event(struct net_device *dev)
{
	ASSERT_RTNL();
	vnic_update_host_name(netdev_priv(dev));
}

/* A netdevice event on @parent, which carries a vnic port; RTNL held. */
void vnic_parent_event(struct net_device *parent, unsigned long event)
{
	struct vnic_port *port = vnic_port_get_rtnl(parent);
	struct vnic_dev *vnic, *next;
	struct vnic_sched *sched;
	LIST_HEAD(kill);

	if (!port)
		return;

	switch (event) {
	case NETDEV_UP:
	case NETDEV_DOWN:
	case NETDEV_CHANGE:
		list_for_each_entry(vnic, &port->vnics, list)
			vnic_transfer_operstate(parent, vnic->dev);
		break;
	case NETDEV_FEAT_CHANGE:
		list_for_each_entry(vnic, &port->vnics, list) {
			vnic_share_update_tso(vnic);
			WRITE_ONCE(vnic->dev->needed_headroom,
				   READ_ONCE(parent->needed_headroom));
			WRITE_ONCE(vnic->dev->needed_tailroom,
				   parent->needed_tailroom);
			netdev_update_features(vnic->dev);
		}
		break;
	case NETDEV_CHANGEMTU:
		list_for_each_entry(vnic, &port->vnics, list)
			vnic_clamp_mtu(vnic);
		break;
	case NETDEV_REGISTER:
		/* The parent moved: now in its netns, a vnic is named there;
		 * its capacity and groups came with its vnics.
		 */
		list_for_each_entry(vnic, &port->vnics, list)
			vnic_update_host_name(vnic);
		sched = rtnl_dereference(port->sched);
		if (sched) {
			vnic_nl_parent_notify(parent);
			vnic_nl_groups_notify(sched, VNIC_CMD_GROUP_NEW_NTF);
		}
		break;
	case NETDEV_UNREGISTER:
		/* A netns move of the parent keeps its vnics bound to it, and
		 * its groups, which the old netns no longer sees; a capacity
		 * alone does not follow it (vnic_sched_release()).
		 */
		if (parent->reg_state == NETREG_REGISTERED) {
			sched = rtnl_dereference(port->sched);
			if (sched && list_empty(&port->vnics))
				vnic_sched_release(port);
			else if (sched)
				vnic_nl_groups_notify(sched,
						      VNIC_CMD_GROUP_DEL_NTF);
			break;
		}
		/* A scheduler keeps @port alive past its last vnic; without
		 * one, deleting the last vnic frees it.
		 */
		sched = rtnl_dereference(port->sched);
		list_for_each_entry(vnic, &port->vnics, list)
			vnic_nl_notify(vnic, VNIC_CMD_PARENT_GONE_NTF);
		list_for_each_entry_safe(vnic, next, &port->vnics, list)
			vnic_dellink(vnic->dev, &kill);
		unregister_netdevice_many(&kill);
		if (sched)
			vnic_sched_release(port);
		break;
	}
}

/**
 * vnic_parent_pre_changeaddr - may @parent take the MAC @addr?
 * @parent: a device, maybe a vnic parent
 * @addr: its new MAC
 * @extack: error reporting
 *
 * Not a MAC one of its vnics owns: the rx_handler steers frames by
 * destination MAC before the parent's own stack sees them, so the parent
 * would lose its frames to the vnic. RTNL held (NETDEV_PRE_CHANGEADDR).
 *
 * Return: 0 or -EADDRINUSE.
 */
int vnic_parent_pre_changeaddr(struct net_device *parent, const u8 *addr,
			       struct netlink_ext_ack *extack)
{
	struct vnic_port *port = vnic_port_get_rtnl(parent);
	struct vnic_dev *vnic;

	if (!port)
		return 0;
	vnic = vnic_port_lookup_rtnl(port, addr);
	if (!vnic)
		return 0;
	NL_SET_ERR_MSG_FMT(extack, "address: MAC is used by vnic %s",
			   vnic->dev->name);
	return -EADDRINUSE;
}

/*
 * rtnetlink: "ip link add link PARENT [name N] [address MAC] [mtu M]
 * [netns NS] type vnic". The same creation path and defaults as the
 * generic netlink dev-new (default policy, no share), under the same rule:
 * the parent is named by an ifindex of the caller's netns and the caller
 * holds CAP_NET_ADMIN in the initial user namespace (GENL_ADMIN_PERM of
 * dev-new). rtnetlink itself only asks for CAP_NET_ADMIN over the netns'
 * owner, which root in a user namespace has over its own netns; and with
 * IFLA_LINK_NETNSID root in a tenant netns could name a parent of another
 * netns: both are refused here. The device may be created straight into
 * another netns (IFLA_NET_NS_*), as dev-new followed by a move would.
 * Runs in the sender's context, under RTNL.
 */
static int vnic_rtnl_newlink(struct net *src_net, struct net_device *dev,
			     struct nlattr *tb[], struct nlattr *data[],
			     struct netlink_ext_ack *extack)
{
	struct vnic_create_args args = { .net = dev_net(dev) };

	ASSERT_RTNL();
	if (!capable(CAP_NET_ADMIN)) {
		NL_SET_ERR_MSG(extack,
			       "link: CAP_NET_ADMIN in the initial user namespace is required to create a vnic");
		return -EPERM;
	}
	if (tb[IFLA_LINK_NETNSID]) {
		NL_SET_ERR_MSG_ATTR(extack, tb[IFLA_LINK_NETNSID],
				    "link-netnsid: create a vnic from its parent's network namespace");
		return -EPERM;
	}
	if (!tb[IFLA_LINK]) {
		NL_SET_ERR_MSG(extack,
			       "link: the parent device is required (ip link add link PARENT ...)");
		return -EINVAL;
	}
	args.parent_attr = tb[IFLA_LINK];
	args.parent = __dev_get_by_index(src_net, nla_get_u32(tb[IFLA_LINK]));
	if (!args.parent) {
		NL_SET_ERR_MSG_ATTR(extack, tb[IFLA_LINK],
				    "link: parent device not found in this network namespace");
		return -ENODEV;
	}
	if (tb[IFLA_MTU] && nla_get_u32(tb[IFLA_MTU]) > args.parent->mtu) {
		NL_SET_ERR_MSG_ATTR_FMT(extack, tb[IFLA_MTU],
					"mtu: above the parent's MTU (%u)",
					args.parent->mtu);
		return -EINVAL;
	}
	if (tb[IFLA_ADDRESS]) {
		args.mac = nla_data(tb[IFLA_ADDRESS]);
		args.mac_attr = tb[IFLA_ADDRESS];
	}
	if (data && data[VNIC_IFLA_MODE])
		args.mode = nla_get_u32(data[VNIC_IFLA_MODE]);

	args.framing = vnic_framing_default(GFP_KERNEL);
	if (!args.framing)
		return -ENOMEM;
	return vnic_newlink(dev, &args, extack);
}

/* Nothing of a vnic is configured over rtnetlink after its creation. */
static int vnic_rtnl_changelink(struct net_device *dev, struct nlattr *tb[],
				struct nlattr *data[],
				struct netlink_ext_ack *extack)
{
	NL_SET_ERR_MSG(extack,
		       "vnic: mode is fixed; policy and share are set with vnicctl (genl family \"vnic\") from the parent's netns");
	return -EOPNOTSUPP;
}

/*
 * No .fill_info: a vnic's link dump carries IFLA_INFO_KIND "vnic" and no
 * IFLA_INFO_DATA. Generic rtnetlink decoders know the data of in-tree kinds
 * only: the kernel's YNL rt_link spec selects the format of IFLA_INFO_DATA
 * by kind, and a kind it does not list makes the decoding of the whole link
 * dump fail (every YNL tool, on every link of the netns). The mode is read
 * with the genl dev-get (vnicctl show); VNIC_IFLA_MODE is accepted at
 * creation only.
 */
static const struct nla_policy vnic_rtnl_policy[VNIC_IFLA_MAX + 1] = {
	[VNIC_IFLA_MODE] = NLA_POLICY_MAX(NLA_U32, VNIC_MODE_BRIDGE),
};

static struct net *vnic_get_link_net(const struct net_device *dev)
{
	const struct vnic_dev *vnic = netdev_priv(dev);

	return dev_net(vnic->parent);
}

struct rtnl_link_ops vnic_link_ops = {
	.kind		= "vnic",
	.priv_size	= sizeof(struct vnic_dev),
	.setup		= vnic_setup,
	.maxtype	= VNIC_IFLA_MAX,
	.policy		= vnic_rtnl_policy,
	.newlink	= vnic_rtnl_newlink,
	.changelink	= vnic_rtnl_changelink,
	.dellink	= vnic_dellink,
	.get_link_net	= vnic_get_link_net,
};
