"""Every mistake in infolitico.toml is named in one line: the key, the problem, and the likely fix."""

import pytest

from infolitico import config


def write(tmp_path, text):
    path = tmp_path / "infolitico.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[fetch]\ntimout = 5\n", "infolitico.toml, fetch.timout: unknown key; did you mean 'timeout'?"),
        ('[site]\nbase_ulr = "https://x.example"\n',
         "infolitico.toml, site.base_ulr: unknown key; did you mean 'base_url'?"),
        ('[[feeds]]\nurl = "https://x.example/rss"\nidentiy = "guid"\n',
         "infolitico.toml, feeds[0].identiy: unknown key; did you mean 'identity'?"),
        ('secret_key = "abc"\n', "infolitico.toml, secret_key: unknown key; known keys: site, sections"),
        ("[fetch]\nmax_bytes = inf\n", "infolitico.toml, fetch.max_bytes: must be a finite number, not inf"),
        ("[fetch]\ntimeout = nan\n", "infolitico.toml, fetch.timeout: must be a finite number, not nan"),
        ("[fetch]\ninterval_minutes = 1e300\n",
         "infolitico.toml, fetch.interval_minutes: must be from 1 to 10080, not 1e+300"),
        ("[fetch]\ntimeout = 1e9\n", "infolitico.toml, fetch.timeout: must be from 0 to 600"),
        ("[fetch]\nmax_bytes = 10\n", "infolitico.toml, fetch.max_bytes: must be from 1000 to 1e+09"),
        ("[images]\npreview_timeout = inf\n", "infolitico.toml, images.preview_timeout: must be a finite"),
        ('[[feeds]]\nurl = "http://[oops/"\n',
         "infolitico.toml, feeds[0].url: 'http://[oops/' is not a valid URL (Invalid IPv6 URL)"),
        ('[[feeds]]\nurl = "http://x.example:99999/rss"\n',
         "infolitico.toml, feeds[0].url: 'http://x.example:99999/rss' is not a valid URL"),
        ('[site]\nbase_url = "https://[::1"\n',
         "infolitico.toml, site.base_url: 'https://[::1' is not a valid"),
        ('[site]\ntimezone = ""\n', "infolitico.toml, site.timezone: must name a time zone"),
        ('[site]\ntimezone = "Mars/Olympus"\n',
         "infolitico.toml, site.timezone: 'Mars/Olympus' is not a time"),
        ('sections = ["U.S.", "US"]\n',
         "infolitico.toml, sections: 'U.S.' and 'US' are one section (both /us/)"),
        ('sections = ["World"]\n[site]\nsections = ["World"]\n',
         "infolitico.toml, site.sections: sections are given twice"),
    ],
)
def test_a_mistake_is_one_line_naming_the_key(tmp_path, text, message):
    with pytest.raises(config.ConfigError) as error:
        config.load(write(tmp_path, text))
    assert str(error.value).startswith(message), str(error.value)
    assert "\n" not in str(error.value)


@pytest.mark.parametrize("key", ["[images]\noutput", "[export]\nfolder", "[images]\nlibrary"])
def test_a_folder_that_is_a_file_is_named(tmp_path, key):
    (tmp_path / "taken").write_text("a file")
    with pytest.raises(config.ConfigError, match=r"'taken' is a file, not a folder"):
        config.load(write(tmp_path, f'{key} = "taken"\n'))


def test_sections_under_site_as_init_wrote_them_are_read(tmp_path):
    cfg = config.load(write(tmp_path, '[site]\nname = "N"\nsections = ["World", "Sports"]\n'))
    assert cfg.sections == ("World", "Sports")


def test_every_error_raised_on_purpose_is_in_one_tree():
    from infolitico import errors
    from infolitico.cli import UsageError
    from infolitico.newsroom.desk import DeskError
    from infolitico.newsroom.fetch import FetchError
    from infolitico.newsroom.queue import QueueUnavailable
    from infolitico.pipeline.feeds import FeedError
    from infolitico.pipeline.preview import PreviewRefused
    from infolitico.secret_key import SecretKeyError

    for kind in (config.ConfigError, SecretKeyError, QueueUnavailable, UsageError, DeskError, FetchError,
                 FeedError, PreviewRefused, errors.CannotWrite, errors.DraftRejected, errors.Busy):
        assert issubclass(kind, errors.InfoliticoError), kind
    assert issubclass(FetchError, errors.SourceError) and issubclass(FeedError, errors.SourceError)
