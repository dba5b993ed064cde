"""The seeds are the edition's witnesses: they must stay byte for byte as received."""

import hashlib

RECEIVED = {
    "000_e8d2a01722efa696.txt": "bdd9b7cd793b93583db2efb73e43637b14c5071dfadbf95a3b369772b2ef84a4",
    "001_1fc320b69d2a5199.txt": "4632d55b1bb3a0a6a1226acc7915bcc4d171a4ccd5c989ede7fdfed0131c4266",
    "002_c64fbdcd94a36f5d.txt": "57cf45d7c8ec38f863fab86c2f7d0189d095efb55199a2b65e044a87e7e50039",
    "003_12f7765765b3f97f.txt": "85107f6edc4e6393fc53e22b776d3e02b6d48dd7c6f275ddf4dc545950218e3f",
    "004_21c1f982426ff9a5.txt": "c54604f6e1ba74ce5fe1682d41583c39c4869e341843877c942e5a23242c1497",
}


def test_seeds_are_exactly_the_files_received(project):
    """The five received seeds, unchanged; seeds added later with `make new-source` are the catalogue's."""
    for name, digest in RECEIVED.items():
        assert hashlib.sha256((project.seeds / name).read_bytes()).hexdigest() == digest, f"seeds/{name} changed"


def test_every_seed_is_used_by_the_catalogue(catalogue, project):
    assert {source.seed for source in catalogue.sources} == {path.name for path in project.seeds.iterdir()}
    assert set(RECEIVED) <= {source.seed for source in catalogue.sources}
