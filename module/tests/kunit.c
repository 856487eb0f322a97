// SPDX-License-Identifier: GPL-2.0
/* vnic_kunit.ko: KUnit suites for vnic's pure parts. */
#include <linux/module.h>

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit tests for vnic");
MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
