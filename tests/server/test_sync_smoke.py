import json

from tests.server.conftest import ORG_A, PASSWORD, qlvb


def test_two_stations(server_process, tmp_path, capsys):
    sp = server_process()
    r = sp.admin(
        "init",
        "--org-code",
        ORG_A,
        "--org-name",
        "Sở Tài chính",
        "--admin",
        "admin",
        "--password-env",
        "QLVB_TEST_PW",
    )
    assert r.returncode == 0, r.stderr
    sp.start()
    env = {"PW": PASSWORD}
    a, b = tmp_path / "a", tmp_path / "b"
    for st in (a, b):
        assert qlvb(st, "login", "--server", sp.url, "--user", "admin", "--password-env", "PW", env=env) == 0
        assert qlvb(st, "sync") == 0
    assert qlvb(a, "register", "--issuer", "UBND tỉnh", "--doc-type", "Công văn", "--subject", "Một") == 0
    assert qlvb(b, "register", "--issuer", "UBND tỉnh", "--doc-type", "Công văn", "--subject", "Hai") == 0
    assert qlvb(a, "sync") == 0
    assert qlvb(b, "sync") == 0
    assert qlvb(a, "sync") == 0
    capsys.readouterr()
    assert qlvb(a, "search", "--json") == 0
    out = json.loads(capsys.readouterr().out)
    print(out)
    assert sorted(r["arrival_number"] for r in out) == [1, 21]
