// SPDX-License-Identifier: GPL-2.0
/*
 * vnic - split one Ethernet device into isolated virtual NICs whose framing
 * and bandwidth share are enforced in the kernel.
 */
#include <kunit/visibility.h>
#include <linux/module.h>
#include <linux/rtnetlink.h>
#include <net/genetlink.h>
#include <net/rtnetlink.h>

#include "sched.h"
#include "vnic.h"
#include "vnic-nl.h"

/* The generated ops and policies, for the netlink policy KUnit suite. */
EXPORT_SYMBOL_IF_KUNIT(vnic_nl_family);

static int vnic_netdev_event(struct notifier_block *nb, unsigned long event,
			     void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);
	struct netdev_notifier_pre_changeaddr_info *addr_info;

	switch (event) {
	case NETDEV_REGISTER:
	case NETDEV_CHANGENAME:
		if (netif_is_vnic(dev)) {
			vnic_name_event(dev);
			return NOTIFY_DONE;
		}
		break;
	case NETDEV_PRE_TYPE_CHANGE:
		if (vnic_port_get_rtnl(dev))
			return notifier_from_errno(-EBUSY);
		break;
	case NETDEV_PRE_CHANGEADDR:
		if (netif_is_vnic(dev))
			return notifier_from_errno(vnic_pre_changeaddr(dev, ptr));
		addr_info = ptr;
		return notifier_from_errno(vnic_parent_pre_changeaddr(dev,
					   addr_info->dev_addr,
					   netdev_notifier_info_to_extack(ptr)));
	}
	vnic_parent_event(dev, event);
	return NOTIFY_DONE;
}

static struct notifier_block vnic_notifier = {
	.notifier_call = vnic_netdev_event,
};

static int __init vnic_module_init(void)
{
	int err;

	err = register_netdevice_notifier(&vnic_notifier);
	if (err)
		return err;

	err = rtnl_link_register(&vnic_link_ops);
	if (err)
		goto err_notifier;

	err = genl_register_family(&vnic_nl_family);
	if (err)
		goto err_link;
	rtnl_lock();
	vnic_nl_set_live(true);
	rtnl_unlock();
	return 0;

err_link:
	rtnl_link_unregister(&vnic_link_ops);
err_notifier:
	unregister_netdevice_notifier(&vnic_notifier);
	return err;
}

static void __exit vnic_module_exit(void)
{
	/* No event once the family goes: rmmod deletes vnics silently. */
	rtnl_lock();
	vnic_nl_set_live(false);
	rtnl_unlock();
	genl_unregister_family(&vnic_nl_family);
	/* Deletes every vnic in every namespace. */
	rtnl_link_unregister(&vnic_link_ops);
	/* Then releases the parents that only a capacity still claims. */
	rtnl_lock();
	vnic_sched_destroy_all();
	rtnl_unlock();
	unregister_netdevice_notifier(&vnic_notifier);
}

module_init(vnic_module_init);
module_exit(vnic_module_exit);

MODULE_LICENSE("GPL");
MODULE_VERSION(VNIC_VERSION);
MODULE_DESCRIPTION("Virtual NICs with enforced framing and bandwidth share");
MODULE_ALIAS_RTNL_LINK("vnic");
MODULE_ALIAS_GENL_FAMILY(VNIC_FAMILY_NAME);
