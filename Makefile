# SPDX-License-Identifier: GPL-2.0
#
# vnic: virtual NICs with enforced framing and bandwidth share.
#
#   make            build module/vnic.ko, userspace/vnicctl and selftests/vnic_nlfuzz
#   make demo       install deps, build, boot a guest, show vnics at work
#   make check      install deps, build, static checks + every test in a guest
#   make gate-proof  show the debug kernel's gate catching a leak, a UAF,
#                    lockdep turned off and a splat at boot
#   make deps       install build/test dependencies (Debian 12, idempotent)
#   make ynl-gen    regenerate uapi/linux/vnic.h and module/vnic-nl.[ch]
#   make install    vnicctl, its man page and bash completion, the uapi header,
#                   the CNI plugin (CNIBINDIR=/opt/cni/bin)
#                   (PREFIX=/usr/local, DESTDIR=); make uninstall reverses it
#   make dkms-install    register the module with DKMS (rebuilt on kernel
#                   updates); make dkms-uninstall reverses it

KVER ?= $(shell ls /lib/modules 2>/dev/null | grep -E '^6\.12\..*-amd64$$' | sort -V | tail -1)
KDIR ?= /lib/modules/$(KVER)/build
# The module's (module/vnic.h), shown by ethtool -i and modinfo.
VERSION := $(shell sed -n 's/^\#define VNIC_VERSION[[:space:]]*"\(.*\)"/\1/p' module/vnic.h)
PREFIX ?= /usr/local
INCLUDEDIR ?= $(PREFIX)/include
DESTDIR ?=

.PHONY: all module userspace selftests deps check demo bench gate-proof ynl-gen \
	install uninstall dkms-install dkms-uninstall clean

all: module userspace selftests

module:
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

userspace:
	$(MAKE) -C userspace VNICCTL_VERSION=$(VERSION)

selftests:
	$(MAKE) -C selftests

deps:
	scripts/deps.sh

check: deps
	scripts/check.sh

demo: deps
	scripts/demo.sh

bench: deps
	bench/run.sh

gate-proof: deps all
	scripts/debug-kernel/gate-proof.sh

ynl-gen:
	scripts/ynl-gen.sh
	python3 scripts/gen-attr-names.py

install: userspace
	$(MAKE) -C userspace install VNICCTL_VERSION=$(VERSION) PREFIX=$(PREFIX) DESTDIR=$(DESTDIR)
	install -D -m 0644 uapi/linux/vnic.h $(DESTDIR)$(INCLUDEDIR)/linux/vnic.h

uninstall:
	$(MAKE) -C userspace uninstall PREFIX=$(PREFIX) DESTDIR=$(DESTDIR)
	rm -f $(DESTDIR)$(INCLUDEDIR)/linux/vnic.h

dkms-install:
	scripts/dkms.sh install $(VERSION)

dkms-uninstall:
	scripts/dkms.sh remove $(VERSION)

clean:
	$(MAKE) -C $(KDIR) M=$(CURDIR) clean
	$(MAKE) -C userspace clean
	$(MAKE) -C selftests clean
	$(MAKE) -C bench clean
