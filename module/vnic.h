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
 */
#ifndef _VNIC_H
#define _VNIC_H

#include <linux/etherdevice.h>
#include <linux/netdevice.h>
#include <linux/rhashtable.h>
#include <uapi/linux/vnic.h>

/* Demux key: destination MAC and VLAN id (0 = untagged). */
struct vnic_key {
	u8 addr[ETH_ALEN];
	u16 vid;
};

/**
 * struct vnic_port - per-parent state, the parent's rx_handler_data
 * @dev: the parent device
 * @tbl: vnics by &struct vnic_key; written under RTNL, read under RCU
 * @vnics: all vnics of the port; written under RTNL, read under RCU
 * @count: registered vnics using the port (RTNL); the last one frees it
 */
struct vnic_port {
	struct net_device *dev;
	struct rhashtable tbl;
	struct list_head vnics;
	unsigned int count;
};

/**
 * struct vnic_dev - private area of a vnic netdevice
 * @dev: the vnic netdevice itself
 * @parent: the parent device; fixed for the vnic's life, reference held
 *	via @parent_tracker from ndo_init until the device is freed
 * @parent_tracker: reference tracker for @parent
 * @port: the parent's port; fixed for the vnic's life
 * @node: entry in @port->tbl (RTNL writes, RCU reads)
 * @list: entry in @port->vnics (RTNL writes, RCU reads)
 * @key: demux key (MAC + VLAN) under which @node is hashed
 * @id: module-wide identifier (RTNL)
 * @mode: &enum vnic_mode, fixed at creation
 * @linked: @node/@list/@id are in their tables (RTNL)
 */
struct vnic_dev {
	struct net_device *dev;
	struct net_device *parent;
	netdevice_tracker parent_tracker;
	struct vnic_port *port;
	struct rhash_head node;
	struct list_head list;
	struct vnic_key key;
	u32 id;
	u32 mode;
	bool linked;
};

/* port.c */
struct vnic_port *vnic_port_get_rtnl(const struct net_device *parent);
struct vnic_port *vnic_port_create(struct net_device *parent,
				   struct netlink_ext_ack *extack);
void vnic_port_destroy(struct vnic_port *port);
struct vnic_dev *vnic_port_lookup(struct vnic_port *port, const u8 *addr,
				  u16 vid);
int vnic_port_link(struct vnic_port *port, struct vnic_dev *vnic);
void vnic_port_unlink(struct vnic_port *port, struct vnic_dev *vnic);

/* rx.c */
rx_handler_result_t vnic_handle_frame(struct sk_buff **pskb);

/* dev.c */
struct vnic_create_args {
	struct net *net;
	const char *name;
	struct net_device *parent;
	const u8 *mac;
	u32 mode;
};

extern struct rtnl_link_ops vnic_link_ops;
bool netif_is_vnic(const struct net_device *dev);
struct vnic_dev *vnic_create(const struct vnic_create_args *args,
			     struct netlink_ext_ack *extack);
void vnic_dellink(struct net_device *dev, struct list_head *head);
struct vnic_dev *vnic_by_id(u32 id);
struct vnic_dev *vnic_next(unsigned long *id);
void vnic_parent_event(struct net_device *parent, unsigned long event);

/* tx.c */
netdev_tx_t vnic_start_xmit(struct sk_buff *skb, struct net_device *dev);

#endif /* _VNIC_H */
