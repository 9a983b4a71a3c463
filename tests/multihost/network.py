"""Test hosts in network namespaces: one private subnet on a bridge that has no way out.

Every host is a network namespace of its own (`ip netns add`) with one veth pair: its end
inside the namespace carries the host's address, the other end is a port of a bridge in the
machine's namespace, which carries the test run's own address on the subnet (the test talks
to the hosts from there). No namespace has a default route and the bridge has no uplink:
nothing on the subnet can reach, or be reached from, anything beyond this machine.

Names carry a random tag, so two runs on one machine never meet; `Network.destroy` kills
every process left in a namespace (`ip netns pids`), then deletes the namespaces and the
bridge, whatever state the run left them in. A run killed outright (-9) runs no teardown:
its processes die with it (a parent-death signal), and the next run deletes the namespaces
and bridge it left (`reap_abandoned`: each network records the id of the process owning it).
"""

from __future__ import annotations

import contextlib
import ipaddress
import os
import secrets
import shutil
import signal
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

# Private test subnets tried in turn: 10.77.0.0/24 unless another run holds it.
SUBNETS = [ipaddress.IPv4Network(f"10.77.{n}.0/24") for n in range(0, 64)]
# One file per network alive on this machine: its tag, holding the owning process's id.
OWNERS = Path("/run/marginal-multihost")


def missing() -> list[str]:
    """What building test hosts needs and this machine lacks (empty when all is there)."""
    found = []
    if os.geteuid() != 0:
        found.append("root (network namespaces)")
    if shutil.which("ip") is None:
        found.append("iproute2 (`ip`)")
    if shutil.which("setpriv") is None:
        found.append("setpriv (util-linux)")
    return found


def ip(*args: str, check: bool = True) -> str:
    done = subprocess.run(["ip", *args], capture_output=True, text=True, timeout=30, check=False)
    if check and done.returncode != 0:
        raise RuntimeError(f"ip {' '.join(args)} failed: {done.stderr.strip()}")
    return done.stdout


def _subnet_free(subnet: ipaddress.IPv4Network) -> bool:
    routes = ip("-4", "route", "show", "table", "all")
    addresses = ip("-4", "-o", "addr", "show")
    prefix = str(subnet.network_address).rsplit(".", 1)[0] + "."
    return prefix not in routes and prefix not in addresses


@dataclass
class Host:
    """One namespace and its address; `exec_prefix` runs a command inside it."""

    name: str  # short: "db", "a", "b"
    namespace: str
    address: str
    outer_link: str  # the veth end on the bridge

    @property
    def exec_prefix(self) -> list[str]:
        return ["ip", "netns", "exec", self.namespace]

    def pids(self) -> list[int]:
        """Every process living in the namespace."""
        out = ip("netns", "pids", self.namespace, check=False)
        return [int(pid) for pid in out.split()]

    def kill_all(self) -> list[int]:
        """kill -9 every process of the host, as when the machine loses power; their pids."""
        killed = []
        for _ in range(10):  # children forked while the first ones died are caught next round
            pids = self.pids()
            if not pids:
                break
            for pid in pids:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
                    killed.append(pid)
            time.sleep(0.2)
        return killed

    def unplug(self) -> None:
        """Take the host off the subnet: its veth pair goes (the namespace stays, empty)."""
        ip("link", "del", self.outer_link, check=False)


@dataclass
class Network:
    """A bridge on a private /24 and the hosts plugged into it."""

    tag: str = field(default_factory=lambda: secrets.token_hex(3))
    subnet: ipaddress.IPv4Network | None = None
    hosts: dict[str, Host] = field(default_factory=dict)

    @property
    def bridge(self) -> str:
        return f"mh{self.tag}br"  # at most 15 characters: an interface name's limit

    @property
    def gateway(self) -> str:
        """The test run's own address on the subnet (the bridge's)."""
        assert self.subnet is not None
        return str(self.subnet.network_address + 254)

    def create(self) -> None:
        reap_abandoned()
        OWNERS.mkdir(parents=True, exist_ok=True)
        (OWNERS / self.tag).write_text(str(os.getpid()))
        self.subnet = next((s for s in SUBNETS if _subnet_free(s)), None)
        if self.subnet is None:
            raise RuntimeError("no free test subnet under 10.77.0.0/16")
        ip("link", "add", self.bridge, "type", "bridge")
        ip("addr", "add", f"{self.gateway}/24", "dev", self.bridge)
        ip("link", "set", self.bridge, "up")

    def add_host(self, name: str) -> Host:
        """A new namespace with the next address of the subnet, plugged into the bridge."""
        assert self.subnet is not None
        number = len(self.hosts) + 1
        host = Host(
            name=name,
            namespace=f"marginal-mh-{self.tag}-{name}",
            address=str(self.subnet.network_address + number),
            outer_link=f"mh{self.tag}{name}o",
        )
        inner = f"mh{self.tag}{name}i"
        self.hosts[name] = host
        ip("netns", "add", host.namespace)
        ip("link", "add", host.outer_link, "type", "veth", "peer", "name", inner)
        ip("link", "set", inner, "netns", host.namespace)
        ip("link", "set", host.outer_link, "master", self.bridge)
        ip("link", "set", host.outer_link, "up")
        ip("-n", host.namespace, "link", "set", "lo", "up")
        ip("-n", host.namespace, "addr", "add", f"{host.address}/24", "dev", inner)
        ip("-n", host.namespace, "link", "set", inner, "up")
        return host

    def destroy(self) -> None:
        """Kill everything left in the namespaces, then delete them and the bridge."""
        for host in self.hosts.values():
            host.kill_all()
        for host in self.hosts.values():
            host.unplug()
            ip("netns", "del", host.namespace, check=False)
        ip("link", "del", self.bridge, check=False)
        (OWNERS / self.tag).unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def reap_abandoned() -> None:
    """Delete the namespaces and bridge of every earlier run whose process is gone."""
    if not OWNERS.is_dir():
        return
    for owner in OWNERS.iterdir():
        try:
            pid = int(owner.read_text().strip() or 0)
        except (OSError, ValueError):
            pid = 0
        if pid and _alive(pid):
            continue
        network = Network(tag=owner.name)
        for namespace in ip("netns", "list", check=False).split("\n"):
            name = namespace.split(" ", 1)[0]
            prefix = f"marginal-mh-{owner.name}-"
            if name.startswith(prefix):
                short = name[len(prefix) :]
                network.hosts[short] = Host(short, name, "", f"mh{owner.name}{short}o")
        network.destroy()
