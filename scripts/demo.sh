#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make demo: build, boot the guest, show vnics at work (scripts/demo-guest.sh).
set -euo pipefail
root=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
make -s all
VNIC_KSRC=$(scripts/ksrc.sh)
export VNIC_KSRC
exec scripts/vm-run.sh -- scripts/demo-guest.sh
