// SPDX-License-Identifier: GPL-2.0
/*
 * vnic port: the per-parent demux table and the rx_handler registration.
 * Everything here except vnic_port_lookup() (RCU) runs under RTNL.
 */
#include <kunit/visibility.h>
#include <linux/if_arp.h>
#include <linux/rtnetlink.h>

#include "vnic.h"

static const struct rhashtable_params vnic_tbl_params = {
	.key_len		= sizeof(struct vnic_key),
	.key_offset		= offsetof(struct vnic_port_entry, key),
	.head_offset		= offsetof(struct vnic_port_entry, node),
	.automatic_shrinking	= true,
};

static bool vnic_is_port(const struct net_device *dev)
{
	return rcu_access_pointer(dev->rx_handler) == vnic_handle_frame;
}

struct vnic_port *vnic_port_get_rtnl(const struct net_device *parent)
{
	ASSERT_RTNL();
	if (!vnic_is_port(parent))
		return NULL;
	return rtnl_dereference(parent->rx_handler_data);
}

/* The demux table alone, without a parent (also used by KUnit). */
int vnic_port_tbl_init(struct vnic_port *port)
{
	INIT_LIST_HEAD(&port->vnics);
	return rhashtable_init(&port->tbl, &vnic_tbl_params);
}
EXPORT_SYMBOL_IF_KUNIT(vnic_port_tbl_init);

void vnic_port_tbl_destroy(struct vnic_port *port)
{
	rhashtable_destroy(&port->tbl);
}
EXPORT_SYMBOL_IF_KUNIT(vnic_port_tbl_destroy);

/**
 * vnic_port_create - claim @parent: a port with no user yet (count 0)
 * @parent: a device vnic_check_parent() accepted
 * @attr: the request attribute naming @parent, for error reporting
 * @name: that attribute's name ("parent-ifindex", "ifindex", "name")
 * @extack: error reporting
 *
 * Return: the port, or an ERR_PTR().
 */
struct vnic_port *vnic_port_create(struct net_device *parent,
				   const struct nlattr *attr, const char *name,
				   struct netlink_ext_ack *extack)
{
	struct vnic_port *port;
	int err;

	ASSERT_RTNL();
	if (netdev_is_rx_handler_busy(parent)) {
		NL_SET_ERR_MSG_ATTR_FMT(extack, attr,
					"%s: parent is already used by another upper device (bridge, bond, macvlan, ...)",
					name);
		return ERR_PTR(-EBUSY);
	}

	port = kzalloc(sizeof(*port), GFP_KERNEL);
	if (!port)
		return ERR_PTR(-ENOMEM);

	port->dev = parent;
	err = vnic_port_tbl_init(port);
	if (err)
		goto err_free;

	err = netdev_rx_handler_register(parent, vnic_handle_frame, port);
	if (err) {
		NL_SET_ERR_MSG_ATTR_FMT(extack, attr,
					"%s: cannot register rx handler on parent",
					name);
		goto err_tbl;
	}
	return port;

err_tbl:
	vnic_port_tbl_destroy(port);
err_free:
	kfree(port);
	return ERR_PTR(err);
}

void vnic_port_destroy(struct vnic_port *port)
{
	ASSERT_RTNL();
	WARN_ON_ONCE(!list_empty(&port->vnics));
	WARN_ON_ONCE(rcu_access_pointer(port->sched));

	netdev_rx_handler_unregister(port->dev);
	/* Wait for rx_handler invocations that may still see the table. */
	synchronize_net();
	vnic_port_tbl_destroy(port);
	kfree(port);
}

/* Drops a user of @port (a vnic, the scheduler); the last one frees it. */
void vnic_port_put(struct vnic_port *port)
{
	ASSERT_RTNL();
	if (!WARN_ON_ONCE(!port->count) && !--port->count)
		vnic_port_destroy(port);
}

/* RX/TX paths: caller holds RCU (BH). */
struct vnic_dev *vnic_port_lookup(struct vnic_port *port, const u8 *addr)
{
	struct vnic_port_entry *e;
	struct vnic_key key;

	ether_addr_copy(key.addr, addr);
	e = rhashtable_lookup(&port->tbl, &key, vnic_tbl_params);
	return e ? e->vnic : NULL;
}
EXPORT_SYMBOL_IF_KUNIT(vnic_port_lookup);

/*
 * Control path: RTNL keeps the entry alive after the lookup, but walking
 * the bucket still needs RCU (a rehash may run concurrently).
 */
struct vnic_dev *vnic_port_lookup_rtnl(struct vnic_port *port, const u8 *addr)
{
	struct vnic_port_entry *e;
	struct vnic_key key;

	ASSERT_RTNL();
	ether_addr_copy(key.addr, addr);
	e = rhashtable_lookup_fast(&port->tbl, &key, vnic_tbl_params);
	return e ? e->vnic : NULL;
}
EXPORT_SYMBOL_IF_KUNIT(vnic_port_lookup_rtnl);

/* An entry for @vnic under @addr, not yet in a table; a tenant with
 * mac-change on can cause one, so it is charged to its memcg.
 */
VISIBLE_IF_KUNIT struct vnic_port_entry *
vnic_port_entry_new(struct vnic_dev *vnic, const u8 *addr)
{
	struct vnic_port_entry *e;

	e = kzalloc(sizeof(*e), GFP_KERNEL_ACCOUNT);
	if (!e)
		return NULL;
	ether_addr_copy(e->key.addr, addr);
	e->vnic = vnic;
	return e;
}
EXPORT_SYMBOL_IF_KUNIT(vnic_port_entry_new);

/* Links @vnic under @vnic->key. */
int vnic_port_link(struct vnic_port *port, struct vnic_dev *vnic)
{
	struct vnic_port_entry *e;
	int err;

	ASSERT_RTNL();
	e = vnic_port_entry_new(vnic, vnic->key.addr);
	if (!e)
		return -ENOMEM;
	err = rhashtable_lookup_insert_fast(&port->tbl, &e->node,
					    vnic_tbl_params);
	if (err) {
		kfree(e);
		return err;
	}
	vnic->entry = e;
	list_add_tail_rcu(&vnic->list, &port->vnics);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(vnic_port_link);

void vnic_port_unlink(struct vnic_port *port, struct vnic_dev *vnic)
{
	ASSERT_RTNL();
	list_del_rcu(&vnic->list);
	rhashtable_remove_fast(&port->tbl, &vnic->entry->node,
			       vnic_tbl_params);
	/* A lookup may still hold it; the vnic outlives that grace period. */
	kfree_rcu(vnic->entry, rcu);
	vnic->entry = NULL;
}
EXPORT_SYMBOL_IF_KUNIT(vnic_port_unlink);

/*
 * Moves @vnic to @e, an entry for it not yet in the table: @e goes in
 * first (refused if its MAC is taken: nothing changes), then the old
 * entry comes out, freed after a grace period. No key is written while
 * a lookup may compare against it, and for a moment both MACs reach the
 * vnic, never any other. Does not sleep.
 */
VISIBLE_IF_KUNIT int vnic_port_swap(struct vnic_port *port,
				    struct vnic_dev *vnic,
				    struct vnic_port_entry *e)
{
	struct vnic_port_entry *old = vnic->entry;
	int err;

	ASSERT_RTNL();
	if (!old)
		return -ENODEV;	/* not linked: nothing to move */
	err = rhashtable_lookup_insert_fast(&port->tbl, &e->node,
					    vnic_tbl_params);
	if (err)
		return err;
	rhashtable_remove_fast(&port->tbl, &old->node, vnic_tbl_params);
	vnic->entry = e;
	vnic->key = e->key;
	kfree_rcu(old, rcu);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(vnic_port_swap);

/* Moves @vnic to key @addr; on failure it keeps its old key. */
int vnic_port_rehash(struct vnic_port *port, struct vnic_dev *vnic,
		     const u8 *addr)
{
	struct vnic_port_entry *e;
	int err;

	ASSERT_RTNL();
	if (!vnic->entry)
		return -ENODEV;
	if (ether_addr_equal(addr, vnic->key.addr))
		return 0;
	e = vnic_port_entry_new(vnic, addr);
	if (!e)
		return -ENOMEM;
	err = vnic_port_swap(port, vnic, e);
	if (err)
		kfree(e);
	return err;
}
EXPORT_SYMBOL_IF_KUNIT(vnic_port_rehash);

#if IS_ENABLED(CONFIG_KUNIT)
/* The key bytes of the entry a lookup of @addr finds; caller holds RCU. */
const u8 *vnic_port_key_rcu(struct vnic_port *port, const u8 *addr)
{
	struct vnic_port_entry *e;
	struct vnic_key key;

	ether_addr_copy(key.addr, addr);
	e = rhashtable_lookup(&port->tbl, &key, vnic_tbl_params);
	return e ? e->key.addr : NULL;
}
EXPORT_SYMBOL_IF_KUNIT(vnic_port_key_rcu);
#endif
