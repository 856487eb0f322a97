// SPDX-License-Identifier: GPL-2.0
/*
 * vnicctl - parsing of the framing policy and bandwidth share options of
 * "add" and "set":
 *
 *   mac-change { on | off }		vlan { ID [ prio PRIO ] | none }
 *   vlan-passthrough { on | off }	ethertype { LIST | any }
 *   ethertype-rx { on | off }		allow-ip { PREFIX[,PREFIX...] | any }
 *   { rate | tx-rate } RATE		{ burst | tx-burst } SIZE
 *   rx-rate RATE			rx-burst SIZE
 *   { min | bw-min } RATE		weight WEIGHT
 *   { prio | priority } PRIO		("prio" after "vlan ID": its PCP)
 *
 * Each option may be given once, except allow-ip whose lists accumulate;
 * an option and its alias count as one.
 * Nothing in here talks to the kernel, so it is linked into the unit test
 * binary as well. Every problem is reported through pr_err().
 */
#include <errno.h>
#include <string.h>

#include "policy.h"
#include "vnicctl.h"

/* Longer list entries are invalid anyway. */
#define ENTRY_LEN	64

static const struct {
	const char *kw;
	uint16_t attr;
} policy_kws[] = {
	{ "mac-change",		VNIC_A_DEV_MAC_CHANGE },
	{ "vlan",		VNIC_A_DEV_VLAN },
	{ "vlan-passthrough",	VNIC_A_DEV_VLAN_PASSTHROUGH },
	{ "ethertype",		VNIC_A_DEV_ETHERTYPES },
	{ "ethertype-rx",	VNIC_A_DEV_ETHERTYPE_RX },
	{ "allow-ip",		VNIC_A_DEV_ALLOWED_IPS },
	{ "rate",		VNIC_A_DEV_TX_RATE },
	{ "tx-rate",		VNIC_A_DEV_TX_RATE },
	{ "burst",		VNIC_A_DEV_TX_BURST },
	{ "tx-burst",		VNIC_A_DEV_TX_BURST },
	{ "rx-rate",		VNIC_A_DEV_RX_RATE },
	{ "rx-burst",		VNIC_A_DEV_RX_BURST },
	{ "min",		VNIC_A_DEV_BW_MIN },
	{ "bw-min",		VNIC_A_DEV_BW_MIN },
	{ "weight",		VNIC_A_DEV_WEIGHT },
	{ "prio",		VNIC_A_DEV_PRIORITY },
	{ "priority",		VNIC_A_DEV_PRIORITY },
	{ "group",		VNIC_A_DEV_GROUP },
};

/* The attribute set by policy option @kw, or 0 if it is none. */
static uint16_t policy_attr(const char *kw)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(policy_kws); i++) {
		if (!strcmp(kw, policy_kws[i].kw))
			return policy_kws[i].attr;
	}
	return 0;
}

bool policy_is_keyword(const char *arg)
{
	return policy_attr(arg) != 0;
}

/*
 * Cut the next entry off the comma-separated list at *s: copy it into
 * @buf (empty if it does not fit), advance *s to the following entry or
 * set it to NULL after the last one. Returns the entry's length.
 */
static size_t list_next(const char **s, char buf[ENTRY_LEN])
{
	const char *start = *s, *end = strchr(start, ',');
	size_t len;

	if (!end)
		end = start + strlen(start);
	len = end - start;

	if (len < ENTRY_LEN) {
		memcpy(buf, start, len);
		buf[len] = '\0';
	} else {
		buf[0] = '\0';
	}
	*s = *end ? end + 1 : NULL;
	return len;
}

/*
 * Parse LIST of "ethertype LIST": known names or hex numbers, no
 * duplicates, at most VNIC_MAX_ETHERTYPES; "any" gives an empty list.
 */
int parse_ethertype_list(const char *s, uint16_t *types, unsigned int *n)
{
	char entry[ENTRY_LEN], names[128];
	const char *list = s, *start;
	unsigned int i;
	uint16_t type;
	size_t len;
	int err;

	*n = 0;
	if (!strcmp(s, "any"))
		return 0;

	while (s) {
		start = s;
		len = list_next(&s, entry);
		if (!len) {
			pr_err("invalid ethertype list \"%s\": empty entry",
			       list);
			return -EINVAL;
		}
		if (!strcmp(entry, "any")) {
			pr_err("ethertype: \"any\" cannot be combined with other ethertypes");
			return -EINVAL;
		}
		err = parse_ethertype(entry, &type);
		if (err == -ERANGE) {
			pr_err("invalid ethertype \"%s\": must be 0x0600 to 0xffff",
			       entry);
			return err;
		}
		if (err) {
			format_ethertype_names(names, sizeof(names));
			pr_err("invalid ethertype \"%.*s\": expected %s or 0x0600 to 0xffff",
			       (int)len, start, names);
			return err;
		}
		for (i = 0; i < *n; i++) {
			if (types[i] == type) {
				pr_err("ethertype \"%s\" listed more than once",
				       entry);
				return -EINVAL;
			}
		}
		if (*n == VNIC_MAX_ETHERTYPES) {
			pr_err("too many ethertypes: at most %d",
			       VNIC_MAX_ETHERTYPES);
			return -E2BIG;
		}
		types[(*n)++] = type;
	}
	return 0;
}

static bool prefix_equal(const struct ip_prefix *a, const struct ip_prefix *b)
{
	return a->family == b->family && a->plen == b->plen &&
	       !memcmp(a->addr, b->addr, prefix_addr_len(a));
}

static int prefix_list_append(const char *s, struct ip_prefix *ips,
			      unsigned int *n)
{
	const char *list = s, *start, *problem;
	char entry[ENTRY_LEN];
	struct ip_prefix p;
	unsigned int i;
	size_t len;

	while (s) {
		start = s;
		len = list_next(&s, entry);
		if (!len) {
			pr_err("invalid prefix list \"%s\": empty entry", list);
			return -EINVAL;
		}
		if (!strcmp(entry, "any")) {
			pr_err("allow-ip: \"any\" cannot be combined with prefixes");
			return -EINVAL;
		}
		problem = entry[0] ? parse_prefix(entry, &p) :
				     "not an IPv4 or IPv6 address";
		if (problem) {
			pr_err("%.*s: %s", (int)len, start, problem);
			return -EINVAL;
		}
		for (i = 0; i < *n; i++) {
			if (prefix_equal(&ips[i], &p)) {
				pr_err("%s: listed more than once", entry);
				return -EINVAL;
			}
		}
		if (*n == VNIC_MAX_PREFIXES) {
			pr_err("too many allow-ip prefixes: at most %d",
			       VNIC_MAX_PREFIXES);
			return -E2BIG;
		}
		ips[(*n)++] = p;
	}
	return 0;
}

/*
 * Parse PREFIX[,PREFIX...] of "allow-ip" and append the prefixes to the
 * @n already in @ips: no duplicates, at most VNIC_MAX_PREFIXES in all.
 * On error, *n is left as it was.
 */
int parse_prefix_list(const char *s, struct ip_prefix *ips, unsigned int *n)
{
	unsigned int old = *n;
	int err;

	err = prefix_list_append(s, ips, n);
	if (err)
		*n = old;
	return err;
}

static int parse_onoff_arg(const char *kw, const char *val, bool *on)
{
	if (!parse_onoff(val, on))
		return VNICCTL_EXIT_OK;
	pr_err("invalid %s \"%s\": expected \"on\" or \"off\"", kw, val);
	return VNICCTL_EXIT_FAIL;
}

int parse_range_arg(const char *kw, const char *val, uint32_t min,
		    uint32_t max, uint32_t *v)
{
	if (!parse_u32(val, v) && *v >= min && *v <= max)
		return VNICCTL_EXIT_OK;
	pr_err("invalid %s \"%s\": expected a number from %u to %u", kw, val,
	       min, max);
	return VNICCTL_EXIT_FAIL;
}

/* vlan { ID [ prio PRIO ] | none }; a VLAN id without prio means prio 0. */
static int parse_vlan(const char *cmd, struct vnic_policy *p, int argc,
		      char **argv, int *used)
{
	bool has_prio = argc > 2 && !strcmp(argv[2], "prio");
	const char *val = argv[1];
	uint32_t v;

	if (!strcmp(val, "none")) {
		if (has_prio) {
			pr_err("%s: \"prio\" needs a VLAN id, not \"none\"",
			       cmd);
			return VNICCTL_EXIT_FAIL;
		}
		p->vlan = 0;
		p->attrs |= 1u << VNIC_A_DEV_VLAN;
		return VNICCTL_EXIT_OK;
	}
	if (parse_u32(val, &v) || v < 1 || v > VLAN_ID_MAX) {
		pr_err("invalid vlan \"%s\": expected a number from 1 to %d or \"none\"",
		       val, VLAN_ID_MAX);
		return VNICCTL_EXIT_FAIL;
	}
	p->vlan = v;
	p->vlan_prio = 0;

	if (has_prio) {
		if (argc < 4) {
			pr_err("%s: missing value after \"prio\"", cmd);
			return VNICCTL_EXIT_FAIL;
		}
		if (parse_u32(argv[3], &v) || v > VLAN_PRIO_MAX) {
			pr_err("invalid vlan prio \"%s\": expected a number from 0 to %d",
			       argv[3], VLAN_PRIO_MAX);
			return VNICCTL_EXIT_FAIL;
		}
		p->vlan_prio = v;
		*used = 4;
	}
	p->attrs |= 1u << VNIC_A_DEV_VLAN | 1u << VNIC_A_DEV_VLAN_PRIO;
	return VNICCTL_EXIT_OK;
}

static int parse_allow_ip(const char *cmd, struct vnic_policy *p,
			  const char *val)
{
	bool any = !strcmp(val, "any");

	if (any && p->ips_any) {
		pr_err("%s: \"allow-ip any\" given more than once", cmd);
		return VNICCTL_EXIT_FAIL;
	}
	if (any ? p->n_ips > 0 : p->ips_any) {
		pr_err("allow-ip: \"any\" cannot be combined with prefixes");
		return VNICCTL_EXIT_FAIL;
	}
	if (any) {
		p->ips_any = true;
		return VNICCTL_EXIT_OK;
	}
	if (parse_prefix_list(val, p->ips, &p->n_ips))
		return VNICCTL_EXIT_FAIL;
	return VNICCTL_EXIT_OK;
}

/*
 * Parse the policy option starting at argv[0], a keyword for which
 * policy_is_keyword() is true, into @p. Sets *used to the number of
 * arguments it took. @cmd prefixes the messages about the syntax.
 * Returns an exit code.
 */
int policy_parse(const char *cmd, struct vnic_policy *p, int argc,
		 char **argv, int *used)
{
	const char *kw = argv[0], *val;
	uint16_t attr = policy_attr(kw);
	int ret = VNICCTL_EXIT_OK;

	if (argc < 2) {
		pr_err("%s: missing value after \"%s\"", cmd, kw);
		return VNICCTL_EXIT_FAIL;
	}
	if (POLICY_HAS(p, attr) && attr != VNIC_A_DEV_ALLOWED_IPS) {
		pr_err("%s: \"%s\" given more than once", cmd, kw);
		return VNICCTL_EXIT_FAIL;
	}
	val = argv[1];
	*used = 2;

	switch (attr) {
	case VNIC_A_DEV_MAC_CHANGE:
		ret = parse_onoff_arg(kw, val, &p->mac_change);
		break;
	case VNIC_A_DEV_VLAN:
		return parse_vlan(cmd, p, argc, argv, used);
	case VNIC_A_DEV_VLAN_PASSTHROUGH:
		ret = parse_onoff_arg(kw, val, &p->vlan_passthrough);
		break;
	case VNIC_A_DEV_ETHERTYPES:
		if (parse_ethertype_list(val, p->ethertypes, &p->n_ethertypes))
			ret = VNICCTL_EXIT_FAIL;
		break;
	case VNIC_A_DEV_ETHERTYPE_RX:
		ret = parse_onoff_arg(kw, val, &p->ethertype_rx);
		break;
	case VNIC_A_DEV_ALLOWED_IPS:
		ret = parse_allow_ip(cmd, p, val);
		break;
	case VNIC_A_DEV_TX_RATE:
		if (rate_arg(kw, val, &p->tx_rate))
			ret = VNICCTL_EXIT_FAIL;
		break;
	case VNIC_A_DEV_TX_BURST:
		if (size_arg(kw, val, &p->tx_burst))
			ret = VNICCTL_EXIT_FAIL;
		break;
	case VNIC_A_DEV_RX_RATE:
		if (rate_arg(kw, val, &p->rx_rate))
			ret = VNICCTL_EXIT_FAIL;
		break;
	case VNIC_A_DEV_RX_BURST:
		if (size_arg(kw, val, &p->rx_burst))
			ret = VNICCTL_EXIT_FAIL;
		break;
	case VNIC_A_DEV_BW_MIN:
		if (rate_arg(kw, val, &p->bw_min))
			ret = VNICCTL_EXIT_FAIL;
		break;
	case VNIC_A_DEV_WEIGHT:
		ret = parse_range_arg(kw, val, 1, WEIGHT_MAX, &p->weight);
		break;
	case VNIC_A_DEV_PRIORITY:
		ret = parse_range_arg(kw, val, 0, PRIORITY_MAX, &p->priority);
		break;
	case VNIC_A_DEV_GROUP:
		if (!strcmp(val, "none"))
			p->group[0] = '\0';
		else if (check_group_name(val))
			snprintf(p->group, sizeof(p->group), "%s", val);
		else
			ret = VNICCTL_EXIT_FAIL;
		break;
	}
	if (!ret)
		p->attrs |= 1u << attr;
	return ret;
}
