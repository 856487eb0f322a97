/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KCOMPAT_MINMAX_H
#define _KCOMPAT_MINMAX_H
#define min(a, b)	({ __typeof__(a) a_ = (a); __typeof__(b) b_ = (b); a_ < b_ ? a_ : b_; })
#define max(a, b)	({ __typeof__(a) a_ = (a); __typeof__(b) b_ = (b); a_ > b_ ? a_ : b_; })
#define min_t(t, a, b)	min((t)(a), (t)(b))
#define max3(a, b, c)	max(max(a, b), c)
#define clamp_t(t, v, lo, hi)	min_t(t, max((t)(v), (t)(lo)), (t)(hi))
#endif
