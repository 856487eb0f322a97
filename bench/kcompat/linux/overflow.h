/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KCOMPAT_OVERFLOW_H
#define _KCOMPAT_OVERFLOW_H
#include <stddef.h>
#include <stdint.h>

static inline size_t size_add(size_t a, size_t b)
{
	size_t r;

	return __builtin_add_overflow(a, b, &r) ? SIZE_MAX : r;
}

static inline size_t size_mul(size_t a, size_t b)
{
	size_t r;

	return __builtin_mul_overflow(a, b, &r) ? SIZE_MAX : r;
}
#endif
