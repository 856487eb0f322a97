#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Validate what a CNI plugin printed, against the fields of the CNI spec.

  cni_json.py result FILE VERSION IFNAME MAC SANDBOX
      an ADD result of cniVersion VERSION (1.0.0, or 0.3.x/0.4.0 whose ips
      carry "version"); our interface IFNAME/MAC/SANDBOX must be listed and
      every IP must point at an existing interface and have its gateway in
      its subnet. Prints the interface's addresses, one per line.
  cni_json.py error FILE CODE [TEXT]
      an error object: cniVersion, code == CODE, a non-empty msg
      (containing TEXT if given), optional details. Prints the msg.
  cni_json.py get FILE EXPR
      print a Python expression of the parsed object d.

Exit status 1 with a one-line reason when the JSON does not validate.

jsonschema is imported only to validate: its import costs seconds on a
debug guest, where "get" is called often.
"""
import ipaddress
import json
import sys

MAC = "^([0-9a-f]{2}:){5}[0-9a-f]{2}$"


def result_schema(version):
    ip = {
        "type": "object",
        "required": ["address"],
        "properties": {
            "address": {"type": "string"},
            "gateway": {"type": "string"},
            "interface": {"type": "integer", "minimum": 0},
        },
        "additionalProperties": False,
    }
    if version != "1.0.0":
        ip["required"] = ["address", "version"]
        ip["properties"]["version"] = {"enum": ["4", "6"]}
    return {
        "type": "object",
        "required": ["cniVersion"],
        "properties": {
            "cniVersion": {"const": version},
            "interfaces": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["name"],
                    "properties": {
                        "name": {"type": "string", "minLength": 1},
                        "mac": {"type": "string", "pattern": MAC},
                        "sandbox": {"type": "string"},
                    },
                    "additionalProperties": False,
                },
            },
            "ips": {"type": "array", "items": ip},
            "routes": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["dst"],
                    "properties": {
                        "dst": {"type": "string"},
                        "gw": {"type": "string"},
                    },
                    "additionalProperties": False,
                },
            },
            "dns": {
                "type": "object",
                "properties": {
                    "nameservers": {"type": "array", "items": {"type": "string"}},
                    "domain": {"type": "string"},
                    "search": {"type": "array", "items": {"type": "string"}},
                    "options": {"type": "array", "items": {"type": "string"}},
                },
                "additionalProperties": False,
            },
        },
        "additionalProperties": False,
    }


ERROR_SCHEMA = {
    "type": "object",
    "required": ["cniVersion", "code", "msg"],
    "properties": {
        "cniVersion": {"type": "string", "minLength": 1},
        "code": {"type": "integer", "minimum": 1},
        "msg": {"type": "string", "minLength": 1},
        "details": {"type": "string"},
    },
    "additionalProperties": False,
}


def die(msg):
    print(msg)
    sys.exit(1)


def load(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError) as e:
        die(f"{path}: not JSON: {e}")


def check_result(d, version, ifname, mac, sandbox):
    import jsonschema

    jsonschema.validate(d, result_schema(version))
    ifs = d.get("interfaces", [])
    ours = [i for i, x in enumerate(ifs)
            if x.get("name") == ifname and x.get("sandbox") == sandbox]
    if len(ours) != 1:
        die(f"interface {ifname} in {sandbox} listed {len(ours)} times")
    idx = ours[0]
    if ifs[idx].get("mac") != mac:
        die(f"interface mac {ifs[idx].get('mac')}, the netns says {mac}")
    addrs = []
    for ip in d.get("ips", []):
        iface = ipaddress.ip_interface(ip["address"])
        if "interface" in ip and ip["interface"] >= len(ifs):
            die(f"ip {ip['address']}: interface {ip['interface']} does not exist")
        if "version" in ip and ip["version"] != str(iface.version):
            die(f"ip {ip['address']}: version {ip['version']}")
        if "gateway" in ip and \
           ipaddress.ip_address(ip["gateway"]) not in iface.network:
            die(f"ip {ip['address']}: gateway {ip['gateway']} off-subnet")
        if ip.get("interface") == idx:
            addrs.append(str(iface.ip))
    for r in d.get("routes", []):
        ipaddress.ip_network(r["dst"])
        if "gw" in r:
            ipaddress.ip_address(r["gw"])
    print("\n".join(addrs))


def main():
    if len(sys.argv) < 3:
        die(__doc__)
    mode, d = sys.argv[1], load(sys.argv[2])
    if mode == "get" and len(sys.argv) == 4:
        print(eval(sys.argv[3], {"d": d}))  # noqa: S307 (test helper)
        return
    import jsonschema

    try:
        if mode == "result" and len(sys.argv) == 7:
            check_result(d, *sys.argv[3:7])
        elif mode == "error" and len(sys.argv) in (4, 5):
            jsonschema.validate(d, ERROR_SCHEMA)
            if d["code"] != int(sys.argv[3]):
                die(f"code {d['code']}, expected {sys.argv[3]}: {d['msg']}")
            if len(sys.argv) == 5 and sys.argv[4] not in d["msg"]:
                die(f"msg {d['msg']!r} lacks {sys.argv[4]!r}")
            print(d["msg"])
        else:
            die(__doc__)
    except jsonschema.ValidationError as e:
        die(f"schema: {e.message} at {list(e.absolute_path)}")
    except (KeyError, ValueError, TypeError) as e:
        die(f"invalid: {e!r}")


if __name__ == "__main__":
    main()
