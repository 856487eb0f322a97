/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KCOMPAT_MATH64_H
#define _KCOMPAT_MATH64_H
#include <linux/types.h>

static inline u64 mul_u64_u64_div_u64(u64 a, u64 b, u64 c)
{
	return (u64)((unsigned __int128)a * b / c);
}

static inline u64 div64_u64(u64 a, u64 b)
{
	return a / b;
}
#endif
