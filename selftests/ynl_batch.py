#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Send many vnic requests with the kernel's YNL library (the one behind
tools/net/ynl/cli.py) in one process, instead of one cli.py per request
(each one parses the spec again: seconds in a TCG guest).

  ynl_batch.py YNL_CLI SPEC < REQUESTS

REQUESTS: one request a line, "OP JSON", e.g. dev-set {"name": "v0"}.
Prints one line per request, "<changed> <result>": <changed> is 1 if a
dev-get dump (the vnics and their whole configuration) differs after the
request from before it, else 0; <result> is "ok" or what cli.py prints
for a netlink error ("Netlink error: ERRNO ... extack: {...}", with the
bad-attr offset decoded to a path), newlines turned into spaces.
"""
import json
import os
import sys


def main():
    sys.path.insert(0, os.path.dirname(os.path.abspath(sys.argv[1])))
    from lib import YnlFamily, NlError  # pylint: disable=import-outside-toplevel

    ynl = YnlFamily(sys.argv[2], '')
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        op, _, text = line.partition(' ')
        before = ynl.dump('dev-get', {})
        try:
            ynl.do(op, json.loads(text) if text else {})
            result = 'ok'
        except NlError as err:
            result = str(err).replace('\n', ' ')
        changed = int(ynl.dump('dev-get', {}) != before)
        print(f'{changed} {result}', flush=True)
    return 0


if __name__ == '__main__':
    sys.exit(main())
