"""The sample deployment in deploy/: nginx accepts its configuration (`nginx -t`), systemd its
units (`systemd-analyze verify`), and every ebranch-server command line in them parses."""

from __future__ import annotations

import configparser
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ebranch_server.cli import build_parser

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
UNITS = sorted((DEPLOY / "systemd").glob("*.service")) + sorted((DEPLOY / "systemd").glob("*.timer"))


def _nginx_test(site: str, tmp: Path) -> subprocess.CompletedProcess:
    """`nginx -t` of the site file inside a minimal main configuration, with test certificates."""
    (tmp / "tls").mkdir(exist_ok=True)
    (tmp / "logs").mkdir(exist_ok=True)
    if not (tmp / "tls" / "fullchain.pem").exists():
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                        "-subj", "/CN=ebranch.example.gov.cn", "-keyout", str(tmp / "tls" / "privkey.pem"),
                        "-out", str(tmp / "tls" / "fullchain.pem")], check=True, capture_output=True)
    site = site.replace("/etc/ebranch/tls/", f"{tmp}/tls/").replace("/var/log/nginx/", f"{tmp}/logs/")
    (tmp / "site.conf").write_text(site)
    (tmp / "nginx.conf").write_text(f"error_log {tmp}/logs/error.log;\npid {tmp}/nginx.pid;\nevents {{}}\n"
                                    f"http {{\n    include {tmp}/site.conf;\n}}\n")
    return subprocess.run(["nginx", "-t", "-p", str(tmp), "-c", str(tmp / "nginx.conf")],
                          capture_output=True, text=True, timeout=60, check=False)


def test_nginx_accepts_the_sample_configuration(tmp_path):
    if shutil.which("nginx") is None:
        pytest.fail("nginx is not installed (scripts/setup.sh test installs it)")
    site = (DEPLOY / "nginx" / "ebranch.conf").read_text()
    result = _nginx_test(site, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "syntax is ok" in result.stderr
    # and the check can fail: a configuration with an error is refused
    broken = _nginx_test(site.replace("proxy_pass http://ebranch_reads;", "proxy_pass http://ebranch_reads"),
                         tmp_path)
    assert broken.returncode != 0


def test_the_sample_site_sends_request_ids_and_keeps_operator_endpoints_inside():
    site = (DEPLOY / "nginx" / "ebranch.conf").read_text()
    assert "proxy_set_header X-Request-Id $request_id;" in site
    assert "client_max_body_size 9m;" in site
    inside = site[site.index("location ~ ^/(health|ready|metrics)$"):]
    assert "deny all;" in inside[:inside.index("}")]


def _exec_lines(unit: Path) -> list[str]:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # keys are case-sensitive
    parser.read(unit)
    if not parser.has_section("Service"):
        return []
    return [parser["Service"][key] for key in ("ExecStartPre", "ExecStart") if key in parser["Service"]]


@pytest.mark.parametrize("unit", UNITS, ids=lambda p: p.name)
def test_systemd_accepts_the_unit(unit, tmp_path):
    if shutil.which("systemd-analyze") is None:
        pytest.skip("systemd-analyze is not installed")
    # The units name the installed paths; point them at this checkout to verify them here.
    for source in UNITS:
        text = source.read_text().replace("/opt/ebranch/venv/bin/ebranch-server", shutil.which("ebranch-server")
                                          or str(Path(sys.executable).with_name("ebranch-server")))
        text = text.replace("/opt/ebranch/deploy/", f"{DEPLOY}/")
        (tmp_path / source.name).write_text(text)
    result = subprocess.run(["systemd-analyze", "verify", str(tmp_path / unit.name)],
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    complaints = [line for line in result.stderr.splitlines() if unit.name in line]
    assert complaints == []


@pytest.mark.parametrize("unit", [u for u in UNITS if _exec_lines(u)], ids=lambda p: p.name)
def test_the_units_command_lines_are_ebranch_server_commands(unit):
    for line in _exec_lines(unit):
        argv = shlex.split(line)
        if not argv[0].endswith("ebranch-server"):
            assert Path(argv[0]).name == "ebranch-backup.sh"
            assert (DEPLOY / "ebranch-backup.sh").exists()
            continue
        args = build_parser().parse_args(argv[1:])  # exits (fails the test) on an unknown option
        assert args.command in ("serve", "init")


def test_the_backup_script_is_valid_shell():
    result = subprocess.run(["sh", "-n", str(DEPLOY / "ebranch-backup.sh")], capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0, result.stderr
