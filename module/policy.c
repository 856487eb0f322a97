// SPDX-License-Identifier: GPL-2.0
/*
 * vnic framing policy <-> netlink attributes. Runs under RTNL.
 */
#include <kunit/visibility.h>
#include <linux/if_ether.h>
#include <net/genetlink.h>

#include "sched.h"
#include "vnic.h"
#include "vnic-nl.h"

static int vnic_policy_prefixes(struct vnic_framing **frp,
				const struct nlattr *nest,
				struct netlink_ext_ack *extack)
{
	struct nlattr *tb[VNIC_A_PREFIX_MAX + 1];
	struct vnic_framing *fr = *frp, *nfr;
	const struct nlattr *attr;
	struct vnic_prefix *p;
	unsigned int n = 0;
	int rem, err, len;

	nla_for_each_nested(attr, nest, rem)
		n++;
	if (n > VNIC_MAX_PREFIXES) {
		NL_SET_ERR_MSG_ATTR_FMT(extack, nest,
					"allowed-ips: too many prefixes (max %d)",
					VNIC_MAX_PREFIXES);
		return -E2BIG;
	}

	nfr = vnic_framing_alloc(n, GFP_KERNEL);
	if (!nfr)
		return -ENOMEM;
	memcpy(nfr, fr, offsetof(struct vnic_framing, prefixes));
	nfr->n_prefixes = n;
	kfree(fr);
	*frp = nfr;

	p = nfr->prefixes;
	nla_for_each_nested(attr, nest, rem) {
		err = nla_parse_nested(tb, VNIC_A_PREFIX_MAX, attr,
				       vnic_prefix_nl_policy, extack);
		if (err)
			return err;
		if (NL_REQ_ATTR_CHECK(extack, attr, tb, VNIC_A_PREFIX_ADDR)) {
			NL_SET_ERR_MSG(extack, "addr: required in a prefix");
			return -EINVAL;
		}
		if (NL_REQ_ATTR_CHECK(extack, attr, tb, VNIC_A_PREFIX_PLEN)) {
			NL_SET_ERR_MSG(extack, "plen: required in a prefix");
			return -EINVAL;
		}
		len = nla_len(tb[VNIC_A_PREFIX_ADDR]);
		if (len != 4 && len != 16) {
			NL_SET_ERR_MSG_ATTR(extack, tb[VNIC_A_PREFIX_ADDR],
					    "addr: prefix address must be 4 (IPv4) or 16 (IPv6) bytes");
			return -EINVAL;
		}
		if (nla_get_u8(tb[VNIC_A_PREFIX_PLEN]) > len * 8) {
			NL_SET_ERR_MSG_ATTR(extack, tb[VNIC_A_PREFIX_PLEN],
					    "plen: prefix length too long for the address family");
			return -EINVAL;
		}
		vnic_prefix_init(p, nla_data(tb[VNIC_A_PREFIX_ADDR]), len == 4,
				 nla_get_u8(tb[VNIC_A_PREFIX_PLEN]));
		if (vnic_prefix_has_host_bits(p)) {
			NL_SET_ERR_MSG_ATTR(extack, tb[VNIC_A_PREFIX_ADDR],
					    "addr: prefix has host bits set");
			return -EINVAL;
		}
		p++;
	}
	return 0;
}

static int vnic_policy_ethertypes(struct vnic_framing *fr,
				  const struct nlattr *nest,
				  struct netlink_ext_ack *extack)
{
	const struct nlattr *attr;
	unsigned int n = 0;
	int rem;

	nla_for_each_nested(attr, nest, rem) {
		if (nla_type(attr) != VNIC_A_ETHERTYPES_ETHERTYPE)
			continue;
		if (n == VNIC_MAX_ETHERTYPES) {
			NL_SET_ERR_MSG_ATTR_FMT(extack, nest,
						"ethertypes: too many (max %d)",
						VNIC_MAX_ETHERTYPES);
			return -E2BIG;
		}
		fr->ethertypes[n++] = htons(nla_get_u16(attr));
	}
	fr->n_ethertypes = n;
	return 0;
}

/**
 * vnic_policy_build - new policy from @old changed by request attributes
 * @old: current policy, or NULL for the defaults
 * @tb: request attributes (set "dev")
 * @extack: error reporting
 *
 * Return: a new policy owned by the caller, or an ERR_PTR; @old untouched.
 */
struct vnic_framing *vnic_policy_build(const struct vnic_framing *old,
				       struct nlattr **tb,
				       struct netlink_ext_ack *extack)
{
	struct vnic_framing *fr;
	int err = 0;

	if (old) {
		fr = vnic_framing_alloc(old->n_prefixes, GFP_KERNEL);
		if (fr)
			memcpy(fr, old, struct_size(old, prefixes,
						    old->n_prefixes));
	} else {
		fr = vnic_framing_default(GFP_KERNEL);
	}
	if (!fr)
		return ERR_PTR(-ENOMEM);

	if (tb[VNIC_A_DEV_MAC_CHANGE])
		fr->mac_change = nla_get_u8(tb[VNIC_A_DEV_MAC_CHANGE]);
	if (tb[VNIC_A_DEV_VLAN])
		fr->vlan = nla_get_u16(tb[VNIC_A_DEV_VLAN]);
	if (tb[VNIC_A_DEV_VLAN_PRIO])
		fr->vlan_prio = nla_get_u8(tb[VNIC_A_DEV_VLAN_PRIO]);
	if (tb[VNIC_A_DEV_VLAN_PASSTHROUGH])
		fr->vlan_passthrough = nla_get_u8(tb[VNIC_A_DEV_VLAN_PASSTHROUGH]);
	if (tb[VNIC_A_DEV_ETHERTYPE_RX])
		fr->ethertype_rx = nla_get_u8(tb[VNIC_A_DEV_ETHERTYPE_RX]);
	if (tb[VNIC_A_DEV_ETHERTYPES])
		err = vnic_policy_ethertypes(fr, tb[VNIC_A_DEV_ETHERTYPES],
					     extack);
	if (!err && tb[VNIC_A_DEV_ALLOWED_IPS])
		err = vnic_policy_prefixes(&fr, tb[VNIC_A_DEV_ALLOWED_IPS],
					   extack);
	if (!err && fr->vlan && fr->vlan_passthrough) {
		if (tb[VNIC_A_DEV_VLAN_PASSTHROUGH])
			NL_SET_ERR_MSG_ATTR(extack,
					    tb[VNIC_A_DEV_VLAN_PASSTHROUGH],
					    "vlan-passthrough: cannot be on with a port VLAN");
		else
			NL_SET_ERR_MSG_ATTR(extack, tb[VNIC_A_DEV_VLAN],
					    "vlan: no port VLAN while vlan-passthrough is on");
		err = -EINVAL;
	}
	if (err) {
		kfree(fr);
		return ERR_PTR(err);
	}
	return fr;
}
EXPORT_SYMBOL_IF_KUNIT(vnic_policy_build);

int vnic_policy_fill(struct sk_buff *skb, const struct vnic_framing *fr)
{
	struct nlattr *nest, *pnest;
	unsigned int i;

	if (nla_put_u8(skb, VNIC_A_DEV_MAC_CHANGE, fr->mac_change) ||
	    nla_put_u16(skb, VNIC_A_DEV_VLAN, fr->vlan) ||
	    nla_put_u8(skb, VNIC_A_DEV_VLAN_PRIO, fr->vlan_prio) ||
	    nla_put_u8(skb, VNIC_A_DEV_VLAN_PASSTHROUGH,
		       fr->vlan_passthrough) ||
	    nla_put_u8(skb, VNIC_A_DEV_ETHERTYPE_RX, fr->ethertype_rx))
		return -EMSGSIZE;

	nest = nla_nest_start(skb, VNIC_A_DEV_ETHERTYPES);
	if (!nest)
		return -EMSGSIZE;
	for (i = 0; i < fr->n_ethertypes; i++)
		if (nla_put_u16(skb, VNIC_A_ETHERTYPES_ETHERTYPE,
				ntohs(fr->ethertypes[i])))
			return -EMSGSIZE;
	nla_nest_end(skb, nest);

	nest = nla_nest_start(skb, VNIC_A_DEV_ALLOWED_IPS);
	if (!nest)
		return -EMSGSIZE;
	for (i = 0; i < fr->n_prefixes; i++) {
		const struct vnic_prefix *p = &fr->prefixes[i];

		pnest = nla_nest_start(skb, VNIC_A_ALLOWED_IPS_PREFIX);
		if (!pnest ||
		    nla_put(skb, VNIC_A_PREFIX_ADDR, p->v4 ? 4 : 16,
			    &p->addr) ||
		    nla_put_u8(skb, VNIC_A_PREFIX_PLEN, p->plen))
			return -EMSGSIZE;
		nla_nest_end(skb, pnest);
	}
	nla_nest_end(skb, nest);
	return 0;
}

static int vnic_share_dir(u64 *rate, u32 *burst, struct nlattr *rate_attr,
			  struct nlattr *burst_attr, u32 frame,
			  const char *dir, struct netlink_ext_ack *extack)
{
	if (rate_attr) {
		*rate = nla_get_uint(rate_attr);
		if (*rate && *rate < 8) {
			NL_SET_ERR_MSG_ATTR_FMT(extack, rate_attr,
						"%s-rate: must be 0 (none) or at least 8 bit/s",
						dir);
			return -ERANGE;
		}
		if (!burst_attr)
			*burst = vnic_share_default_burst(*rate, frame);
	}
	if (burst_attr)
		*burst = nla_get_u32(burst_attr);
	if (*rate && *burst < frame) {
		NL_SET_ERR_MSG_ATTR_FMT(extack, burst_attr ?: rate_attr,
					"%s-burst: must hold a full-size frame (at least %u bytes)",
					dir, frame);
		return -EINVAL;
	}
	return 0;
}

/**
 * vnic_share_build - new share config from @old changed by request attrs
 * @old: current config (zeroes for a new vnic)
 * @tb: request attributes (set "dev")
 * @frame: largest frame the vnic can send or receive, in wire bytes
 * @cfg: the result
 * @extack: error reporting
 *
 * Return: 1 if the request touches the share, 0 if not, or -errno.
 */
int vnic_share_build(const struct vnic_share_cfg *old, struct nlattr **tb,
		     u32 frame, struct vnic_share_cfg *cfg,
		     struct netlink_ext_ack *extack)
{
	int err;

	*cfg = *old;
	if (!tb[VNIC_A_DEV_TX_RATE] && !tb[VNIC_A_DEV_TX_BURST] &&
	    !tb[VNIC_A_DEV_RX_RATE] && !tb[VNIC_A_DEV_RX_BURST] &&
	    !tb[VNIC_A_DEV_BW_MIN] && !tb[VNIC_A_DEV_WEIGHT] &&
	    !tb[VNIC_A_DEV_PRIORITY] && !tb[VNIC_A_DEV_GROUP])
		return 0;

	if (tb[VNIC_A_DEV_BW_MIN]) {
		cfg->bw_min = nla_get_uint(tb[VNIC_A_DEV_BW_MIN]);
		if (cfg->bw_min > VNIC_SCHED_MAX_CAPACITY) {
			NL_SET_ERR_MSG_ATTR_FMT(extack, tb[VNIC_A_DEV_BW_MIN],
						"bw-min: above %llu bit/s",
						(u64)VNIC_SCHED_MAX_CAPACITY);
			return -ERANGE;
		}
	}
	/* The genetlink policy checked the ranges. */
	if (tb[VNIC_A_DEV_WEIGHT])
		cfg->weight = nla_get_u32(tb[VNIC_A_DEV_WEIGHT]);
	if (tb[VNIC_A_DEV_PRIORITY])
		cfg->priority = nla_get_u32(tb[VNIC_A_DEV_PRIORITY]);

	err = vnic_share_dir(&cfg->tx_rate, &cfg->tx_burst,
			     tb[VNIC_A_DEV_TX_RATE], tb[VNIC_A_DEV_TX_BURST],
			     frame, "tx", extack);
	if (err)
		return err;
	err = vnic_share_dir(&cfg->rx_rate, &cfg->rx_burst,
			     tb[VNIC_A_DEV_RX_RATE], tb[VNIC_A_DEV_RX_BURST],
			     frame, "rx", extack);
	return err ?: 1;
}
EXPORT_SYMBOL_IF_KUNIT(vnic_share_build);

int vnic_share_fill(struct sk_buff *skb, const struct vnic_share_cfg *cfg)
{
	if (nla_put_uint(skb, VNIC_A_DEV_TX_RATE, cfg->tx_rate) ||
	    nla_put_u32(skb, VNIC_A_DEV_TX_BURST, cfg->tx_burst) ||
	    nla_put_uint(skb, VNIC_A_DEV_RX_RATE, cfg->rx_rate) ||
	    nla_put_u32(skb, VNIC_A_DEV_RX_BURST, cfg->rx_burst) ||
	    nla_put_uint(skb, VNIC_A_DEV_BW_MIN, cfg->bw_min) ||
	    nla_put_u32(skb, VNIC_A_DEV_WEIGHT, cfg->weight) ||
	    nla_put_u32(skb, VNIC_A_DEV_PRIORITY, cfg->priority))
		return -EMSGSIZE;
	return 0;
}
