"""infolitico.toml: defaults that just work, and one clear line for every mistake."""

import pytest

from infolitico import config


def write(tmp_path, text):
    path = tmp_path / "infolitico.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_relative_paths_are_relative_to_the_files_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    (tmp_path / "feeds").mkdir()
    (tmp_path / "feeds" / "a.xml").write_text("<rss/>")
    cfg = config.load(write(tmp_path, '[images]\noutput = "pics"\n[[feeds]]\npath = "feeds/a.xml"\n'))
    assert cfg.feeds[0].source == str(tmp_path / "feeds" / "a.xml")
    assert cfg.images_output == tmp_path / "pics"
    assert cfg.database == f"sqlite:///{tmp_path / 'infolitico.sqlite3'}"


def test_database_url_in_the_environment_wins_over_the_file(tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://news:pw@127.0.0.1:5432/room")
    cfg = config.load(write(tmp_path, '[database]\nurl = "sqlite:///other.db"\n'))
    assert cfg.database == "postgres://news:pw@127.0.0.1:5432/room"
    assert config.django_database(cfg.database)["NAME"] == "room"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[[feeds]]\nurl = "htp://example.org/rss"\n',
         'infolitico.toml, feeds[0].url: \'htp://example.org/rss\' is not an http(s) URL'),
        ('[[feeds]]\npath = "missing.xml"\n', "infolitico.toml, feeds[0].path: 'missing.xml'"),
        ('[[feeds]]\nname = "x"\n', "infolitico.toml, feeds[0]: give exactly one of url or path"),
        ('[writer]\nkind = "magic"\n', "infolitico.toml, writer.kind: 'magic' is not one of"),
        ("sections = []\n", "infolitico.toml, sections: must be a non-empty list"),
        ('[fetch]\ntimeout = "soon"\n', "infolitico.toml, fetch.timeout: must be a positive"),
        ("[fetch]\nmax_age_days = -1\n", "infolitico.toml, fetch.max_age_days: must be a whole number"),
        ("[fetch]\nmax_age_days = 2.5\n", "infolitico.toml, fetch.max_age_days: must be a whole number"),
        ("[fetch]\nmax_age_days = inf\n", "infolitico.toml, fetch.max_age_days: must be a whole number"),
        ('[fetch]\nmax_age_days = "3"\n', "infolitico.toml, fetch.max_age_days: must be a whole number"),
        ('[images]\nsource_preview = "yes"\n',
         "infolitico.toml, images.source_preview: must be true or false"),
        ("[site\nname = 1", "infolitico.toml: not valid TOML"),
    ],
)
def test_a_broken_file_gets_one_line_naming_the_key(tmp_path, text, message):
    with pytest.raises(config.ConfigError) as error:
        config.load(write(tmp_path, text))
    assert str(error.value).startswith(message)
    assert "\n" not in str(error.value)


def test_the_template_an_init_writes_is_valid(tmp_path):
    from importlib import resources

    text = resources.files("infolitico.data").joinpath("newsroom.toml").read_text()
    cfg = config.load(write(tmp_path, text.replace("{feeds}", "")))
    assert cfg.sections == config.SECTIONS and cfg.writer == "template"
