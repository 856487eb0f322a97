/* SPDX-License-Identifier: GPL-2.0 */
/* Host shim: what module/sched_alloc.c uses of the kernel (alloc_bench.c). */
#ifndef _KCOMPAT_TYPES_H
#define _KCOMPAT_TYPES_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int64_t s64;

#define BIT(n)		(1UL << (n))
#define BIT_ULL(n)	(1ULL << (n))
#define U64_MAX		UINT64_MAX
#endif
