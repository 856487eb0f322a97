// SPDX-License-Identifier: GPL-2.0
/*
 * vnicctl - name the attribute an extended ack points at.
 *
 * The kernel gives the byte offset of the offending attribute in the
 * request (NLMSGERR_ATTR_OFFS), or the type of a missing one and the
 * offset of the nest it is missing from (NLMSGERR_ATTR_MISS_TYPE/NEST).
 * We walk our own request to turn that into the spec's names, e.g.
 * "allowed-ips.prefix.plen". No kernel needed: unit tested.
 */
#include <stdio.h>
#include <string.h>

#include <linux/genetlink.h>
#include <linux/netlink.h>

#include "extack.h"

/* Appends ".name" (or the bare name first) of type @type in @set. */
static void path_add(char *buf, size_t size, const struct attr_set *set,
		     unsigned int type)
{
	size_t len = strlen(buf);
	const char *sep = len ? "." : "";

	if (len >= size)
		return;
	if (set && type < set->n && set->attrs[type].name)
		snprintf(buf + len, size - len, "%s%s", sep,
			 set->attrs[type].name);
	else
		snprintf(buf + len, size - len, "%s%u", sep, type);
}

static const struct attr_set *nest_of(const struct attr_set *set,
				      unsigned int type)
{
	if (set && type < set->n && set->attrs[type].name)
		return set->attrs[type].nest;
	return NULL;
}

/**
 * extack_attr_path - name the attribute at byte @off of request @nlh
 * @nlh: the request, a generic netlink message
 * @top: attribute set of the request's top-level attributes
 * @off: offset from the start of @nlh, as in NLMSGERR_ATTR_OFFS
 * @buf: the dotted path, e.g. "allowed-ips.prefix.addr"; unknown types
 *	are given as numbers
 * @size: size of @buf
 * @nest: if not NULL, gets the attribute set of the attribute's payload
 *	when it is a nest of a known set, else NULL
 *
 * Return: 0, or -1 if no attribute of @nlh starts at @off.
 */
int extack_attr_path(const struct nlmsghdr *nlh, const struct attr_set *top,
		     uint32_t off, char *buf, size_t size,
		     const struct attr_set **nest)
{
	const char *base = (const char *)nlh;
	const struct attr_set *set = top;
	size_t pos = NLMSG_HDRLEN + GENL_HDRLEN;
	size_t end = nlh->nlmsg_len;
	const struct nlattr *attr;
	unsigned int type;

	if (size)
		buf[0] = '\0';
	if (nest)
		*nest = NULL;
	if (!size || nlh->nlmsg_len < pos)
		return -1;

	while (pos + NLA_HDRLEN <= end) {
		attr = (const struct nlattr *)(base + pos);
		if (attr->nla_len < NLA_HDRLEN || pos + attr->nla_len > end)
			break;
		type = attr->nla_type & NLA_TYPE_MASK;
		if (off == pos) {
			path_add(buf, size, set, type);
			if (nest)
				*nest = nest_of(set, type);
			return 0;
		}
		if (off > pos && off < pos + attr->nla_len) {
			/* Inside: only a nest has attributes to point at. */
			if (!(attr->nla_type & NLA_F_NESTED) &&
			    !nest_of(set, type))
				break;
			path_add(buf, size, set, type);
			set = nest_of(set, type);
			end = pos + attr->nla_len;
			pos += NLA_HDRLEN;
			continue;
		}
		pos += NLA_ALIGN(attr->nla_len);
	}
	buf[0] = '\0';
	return -1;
}

/**
 * extack_describe - what an extended ack says about the request's attributes
 * @nlh: the request
 * @top: attribute set of its top-level attributes
 * @ext: the attribute-related part of the extended ack
 * @buf: "attribute: PATH", "missing attribute: PATH", or "" if the ack
 *	names no attribute (or one we cannot find in @nlh)
 * @size: size of @buf
 */
void extack_describe(const struct nlmsghdr *nlh, const struct attr_set *top,
		     const struct extack_attrs *ext, char *buf, size_t size)
{
	const struct attr_set *set = top;
	char path[128] = "";

	if (!size)
		return;
	buf[0] = '\0';
	if (ext->bad_off >= 0) {
		if (extack_attr_path(nlh, top, ext->bad_off, path,
				     sizeof(path), NULL) == 0)
			snprintf(buf, size, "attribute: %s", path);
		return;
	}
	if (ext->miss_type < 0)
		return;
	if (ext->miss_nest_off >= 0) {
		if (extack_attr_path(nlh, top, ext->miss_nest_off, path,
				     sizeof(path), &set) < 0)
			return;
	}
	path_add(path, sizeof(path), set, ext->miss_type);
	snprintf(buf, size, "missing attribute: %s", path);
}
