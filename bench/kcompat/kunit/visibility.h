/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KCOMPAT_VISIBILITY_H
#define _KCOMPAT_VISIBILITY_H
#define EXPORT_SYMBOL_IF_KUNIT(sym)
#endif
