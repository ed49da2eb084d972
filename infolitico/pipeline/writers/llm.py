"""The model writer: the house voice from any OpenAI-compatible Chat Completions server, held to check()."""

from __future__ import annotations

import email.utils
import json
import os
import random
import re
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

from infolitico.pipeline.checks import check, split_sentences, typographic_plain
from infolitico.pipeline.events import Draft, Event, Fact
from infolitico.pipeline.writers import CannotWrite, DraftRejected, Writer, WriterUnavailable, prompt
from infolitico.pipeline.writers.language import typographic

DEFAULT_KEY_ENV = "INFOLITICO_LLM_API_KEY"
FALLBACKS = ("template", "hold")
# Longest Retry-After the writer will honour; a server asking for more is treated as down.
MAX_RETRY_AFTER = 120.0
# The model's own answer goes back to it in a repair request; a runaway answer is cut short.
MAX_ECHO = 12_000




@dataclass(frozen=True)
class LLMSettings:
    """The `[writer.llm]` table, with environment overrides applied."""

    base_url: str = ""
    model: str = ""
    api_key_env: str = DEFAULT_KEY_ENV
    api_key: str | None = field(default=None, repr=False)  # read from the environment, never the file
    timeout: float = 120.0
    max_tokens: int = 2000
    temperature: float = 0.7
    concurrency: int = 4
    max_retries: int = 4
    backoff: float = 1.0  # the first wait after a transient failure; it doubles each time
    max_backoff: float = 30.0
    fallback: str = "template"
    structured: bool = True  # ask for a json_schema answer; turned off by itself when a server refuses it
    prices: Mapping[str, Mapping[str, float]] = field(default_factory=dict, compare=False, hash=False)

    @classmethod
    def from_dict(
        cls, data: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None
    ) -> LLMSettings:
        """Settings from a `[writer.llm]` table; INFOLITICO_LLM_BASE_URL, _MODEL and _API_KEY win."""
        data = dict(data or {})
        env = os.environ if environ is None else environ
        unknown = sorted(set(data) - _FIELDS)
        if unknown:
            raise WriterUnavailable(
                f"writer.llm: unknown setting {unknown[0]!r}; known: {', '.join(sorted(_FIELDS))}"
            )
        key_env = _text(data, "api_key_env", DEFAULT_KEY_ENV)
        fallback = _text(data, "fallback", "template")
        if fallback not in FALLBACKS:
            raise WriterUnavailable(f"writer.llm.fallback: {fallback!r} is not one of {', '.join(FALLBACKS)}")
        structured = data.get("structured", True)
        if not isinstance(structured, bool):
            raise WriterUnavailable("writer.llm.structured: must be true or false")
        return cls(
            base_url=(env.get("INFOLITICO_LLM_BASE_URL") or _text(data, "base_url", "")).rstrip("/"),
            model=env.get("INFOLITICO_LLM_MODEL") or _text(data, "model", ""),
            api_key_env=key_env,
            api_key=env.get(key_env) or env.get(DEFAULT_KEY_ENV) or None,
            timeout=_number(data, "timeout", cls.timeout),
            max_tokens=int(_number(data, "max_tokens", cls.max_tokens)),
            temperature=_number(data, "temperature", cls.temperature, zero=True),
            concurrency=int(_number(data, "concurrency", cls.concurrency)),
            max_retries=int(_number(data, "max_retries", cls.max_retries, zero=True)),
            backoff=_number(data, "backoff", cls.backoff, zero=True),
            max_backoff=_number(data, "max_backoff", cls.max_backoff, zero=True),
            fallback=fallback,
            structured=structured,
            prices=_prices(data.get("prices", {})),
        )

    def cost(self, tokens_in: int, tokens_out: int) -> float | None:
        """US dollars for the tokens at the model's price per million; None when it has no price."""
        price = self.prices.get(self.model)
        if price is None:
            return None
        return round((tokens_in * price["input"] + tokens_out * price["output"]) / 1_000_000, 8)


_FIELDS = {
    "base_url",
    "model",
    "api_key_env",
    "timeout",
    "max_tokens",
    "temperature",
    "concurrency",
    "max_retries",
    "backoff",
    "max_backoff",
    "fallback",
    "structured",
    "prices",
}


def _text(data: Mapping[str, Any], key: str, default: str) -> str:
    value = data.get(key, default)
    if not isinstance(value, str):
        raise WriterUnavailable(f"writer.llm.{key}: must be a string, not {type(value).__name__}")
    return value.strip()


def _number(data: Mapping[str, Any], key: str, default: float, zero: bool = False) -> float:
    value = data.get(key, default)
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or value < 0
        or (value == 0 and not zero)
    ):
        raise WriterUnavailable(
            f"writer.llm.{key}: must be a {'non-negative' if zero else 'positive'} number"
        )
    return value


def _prices(raw: Any) -> dict[str, dict[str, float]]:
    if not isinstance(raw, Mapping):
        raise WriterUnavailable("writer.llm.prices: must be a table of model = {input = …, output = …}")
    out = {}
    for model, price in raw.items():
        if not isinstance(price, Mapping) or not all(
            isinstance(price.get(k), int | float) and not isinstance(price.get(k), bool)
            for k in ("input", "output")
        ):
            raise WriterUnavailable(
                f"writer.llm.prices.{model}: needs input and output prices per million tokens"
            )
        out[str(model)] = {"input": float(price["input"]), "output": float(price["output"])}
    return out


# -- reading the model's answer ---------------------------------------------------------------

_CODE_FENCE = re.compile(r"```[A-Za-z0-9_-]*\s*\n?(.*?)```", re.S)


def parse_article(text: str | None) -> dict[str, Any]:
    """The article in a model's answer: code fences stripped, the outermost JSON object, its shape checked."""
    if not text or not text.strip():
        raise ValueError("the answer was empty")
    found = None
    for candidate in (*_CODE_FENCE.findall(text), text):
        found = _first_object(candidate)
        if found is not None:
            break
    if found is None:
        raise ValueError("the answer holds no JSON object")
    article = {}
    for key in ("headline", "dek"):
        value = found.get(key)
        if not isinstance(value, str) or not value.strip():
            raise ValueError(f"the JSON object has no {key}")
        article[key] = value
    paragraphs = found.get("paragraphs", found.get("body"))
    if not isinstance(paragraphs, list) or not paragraphs:
        raise ValueError("the JSON object has no list of paragraphs")
    article["paragraphs"] = [_paragraph(p, i) for i, p in enumerate(paragraphs, 1)]
    return article


def _first_object(text: str) -> dict | None:
    decoder = json.JSONDecoder()
    for match in re.finditer(r"\{", text):
        try:
            value, _ = decoder.raw_decode(text, match.start())
        except json.JSONDecodeError:
            continue
        if isinstance(value, dict):
            return value  # the leftmost object that parses is the outermost one
    return None


def _paragraph(raw: Any, number: int) -> dict[str, Any]:
    if isinstance(raw, str):
        raw = {"text": raw, "facts": []}
    if not isinstance(raw, dict) or not isinstance(raw.get("text"), str) or not raw["text"].strip():
        raise ValueError(f"paragraph {number} has no text")
    facts = []
    for f in raw.get("facts") or []:
        # A fact may come back as {"fact": ..., "from": ...}: its words are kept, its claimed origin is not.
        words = f.get("fact") or f.get("text") if isinstance(f, dict) else f
        if isinstance(words, str) and words.strip():
            facts.append(words.strip())
    return {"text": raw["text"], "facts": facts}


# -- the ledger ----------------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def _plain(text: str) -> str:
    return re.sub(r"\s+", " ", typographic_plain(text)).strip().casefold()


@lru_cache(maxsize=4096)
def _words_of(surface: str) -> re.Pattern[str]:
    # Compiled once per surface: the ledger tests every surface against every sentence.
    return re.compile(rf"(?<!\w){re.escape(_plain(surface))}(?!\w)")


def _states(sentence: str, surface: str) -> bool:
    """Whether `surface` appears in `sentence` as whole words, quotes and case folded."""
    return _words_of(surface).search(_plain(sentence)) is not None


@dataclass(frozen=True)
class _Known:
    surface: str  # the words an article uses
    fact: str  # the fact they state
    origin: str  # "source" or "kb": decided here, from the title and the knowledge base
    as_of: str | None = None


def known_facts(event: Event) -> list[_Known]:
    """Every fact the event lets an article state, with its origin decided against the title."""
    title = _plain(event.source.title)

    def in_title(text: str) -> bool:
        return _plain(text) in title

    out: list[_Known] = []
    src = event.source
    if src.claim:
        out.append(_Known(src.claim, src.claim, "source"))
    if event.act and len(event.act.rest.split()) >= 2:
        out.append(_Known(event.act.rest, src.claim, "source"))
    if src.attribution:
        out.append(_Known(src.attribution, src.attribution, "source"))
    reporter = src.reporter or src.publisher
    if reporter:
        out.append(_Known(reporter, reporter, "source" if in_title(reporter) else "kb"))
    for entity in (e for e in (event.subject, *event.participants) if e is not None):
        surname = entity.surname or ""
        bare = surname[4:] if surname.lower().startswith("the ") else surname
        for spelling in dict.fromkeys(s for s in (entity.name, *entity.aliases, bare) if s.strip()):
            if in_title(entity.name):
                out.append(_Known(spelling, entity.name, "source"))
            elif in_title(spelling):
                out.append(_Known(spelling, spelling, "source"))
            else:
                out.append(
                    _Known(spelling, entity.name if spelling in (bare, entity.name) else spelling, "kb")
                )
        for d in entity.descriptors:
            if d.text.strip():
                out.append(_Known(d.text, d.text, "kb", d.as_of))
    return out


def _classify(declared: str, known: Sequence[_Known], title: str) -> _Known | None:
    """What a fact the model declared really is; None when neither the title nor the KB holds it."""
    words = _plain(declared)
    for k in known:
        if _plain(k.surface) == words or _plain(k.fact) == words:
            return k
    if words and words in _plain(title):
        return _Known(declared, declared, "source")
    return None


def build_draft(article: Mapping[str, Any], event: Event, writer: str = "llm") -> tuple[Draft, list[str]]:
    """A Draft from a parsed article, its ledger built here; also the declared facts nobody vouches for."""
    headline = _clean(article["headline"])
    dek = _clean(article["dek"])
    paragraphs = [_clean(p["text"]) for p in article["paragraphs"]]
    known = known_facts(event)
    ledger: list[Fact] = []
    seen: set[tuple[int, str]] = set()

    def add(index: int, k: _Known) -> None:
        if (index, k.fact) not in seen:
            seen.add((index, k.fact))
            ledger.append(Fact(index, k.fact, k.origin, k.as_of if k.origin == "kb" else None))  # type: ignore[arg-type]

    sentences = [headline, dek] + [s for p in paragraphs for s in split_sentences(p)]
    for index, sentence in enumerate(sentences):
        for k in known:
            if _states(sentence, k.surface):
                add(index, k)
    unvouched = []
    offset = 2
    for p, text in zip(article["paragraphs"], paragraphs, strict=True):
        count = len(split_sentences(text))
        for declared in p["facts"]:
            k = _classify(declared, known, event.source.title)
            if k is None:
                unvouched.append(declared)
                continue
            for index in range(offset, offset + count):
                if _states(sentences[index], k.surface):
                    add(index, k)
        offset += count
    ledger.sort(key=lambda f: f.sentence)
    return Draft(headline, dek, tuple(paragraphs), tuple(ledger), writer), list(dict.fromkeys(unvouched))


def _clean(text: str) -> str:
    # Straight quotes are a typing habit, not a fact; fixing them spares a repair round trip.
    return typographic(re.sub(r"\s+", " ", text).strip())


# -- talking to the server ------------------------------------------------------------------------


@dataclass
class _Usage:
    model: str
    tokens_in: int = 0
    tokens_out: int = 0
    attempts: int = 0  # HTTP requests, retries included
    requests: int = 0  # answers received: 1, or 2 after a repair
    cut_off: bool = False  # the last answer stopped at max_tokens
    started: float = 0.0

    def as_dict(self, settings: LLMSettings, structured: bool, outcome: str, elapsed: float) -> dict:
        return {
            "model": self.model,
            "prompt_version": prompt.PROMPT_VERSION,
            "tokens_in": self.tokens_in,
            "tokens_out": self.tokens_out,
            "cost_usd": settings.cost(self.tokens_in, self.tokens_out),
            "latency_s": round(elapsed, 3),
            "attempts": self.attempts,
            "requests": self.requests,
            "structured": structured,
            "outcome": outcome,  # "written", "repaired", "fallback"
        }


def _retry_after(headers: Mapping[str, str] | None) -> float | None:
    """Seconds a server asked us to wait (Retry-After in seconds or as a date, or retry-after-ms)."""
    if not headers:
        return None
    millis = headers.get("retry-after-ms")
    if millis:
        try:
            return max(0.0, float(millis) / 1000)
        except ValueError:
            pass
    value = headers.get("retry-after")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        when = email.utils.parsedate_tz(value)
        return max(0.0, email.utils.mktime_tz(when) - time.time()) if when else None


class LLMWriter:
    """Writes through an OpenAI-compatible model: checked, repaired once, else the fallback's draft."""

    name = "llm"

    def __init__(
        self,
        settings: LLMSettings,
        *,
        fallback: Writer | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ):
        if not settings.base_url or not settings.model:
            raise WriterUnavailable(
                "the llm writer needs a server and a model: set base_url and model in [writer.llm] "
                "of infolitico.toml, or INFOLITICO_LLM_BASE_URL and INFOLITICO_LLM_MODEL"
            )
        import openai

        self.settings = settings
        self._openai = openai
        # One client for every thread: its connection pool is thread-safe. Retries are ours (max_retries=0)
        # so that attempts are counted, Retry-After is honoured, and the wait is injectable in tests.
        self._client = openai.OpenAI(
            base_url=settings.base_url,
            api_key=settings.api_key or "not-needed",  # local servers ignore it; the SDK insists on one
            timeout=settings.timeout,
            max_retries=0,
        )
        self._gate = threading.BoundedSemaphore(settings.concurrency)
        self._structured = settings.structured
        self._sleep = sleep
        self._clock = clock
        if fallback is None:
            from infolitico.pipeline.writers.template import TemplateWriter

            fallback = TemplateWriter()
        self._fallback = fallback

    def write(self, event: Event, kb: Any = None, variant: int = 0) -> Draft:
        """One draft that passed check(): the model's, repaired once if need be, else the fallback's."""
        if event.subject is None or event.act is None:
            raise CannotWrite("the event has no subject or no act to write about")
        usage = _Usage(self.settings.model, started=self._clock())
        if variant > 0:
            # The desk asks for another variant only when the draft it got failed check(); the model
            # has had its repair by then, so the fallback's other phrasings are the cheaper next try.
            return self._fall_back(event, kb, variant, usage, [], "the desk asked for another variant")
        chat = prompt.messages(event)
        answer = self._complete(chat, usage)
        draft, problems, notes = self._judge(answer, event, kb, usage)
        outcome = "written"
        if problems:
            notes.append("repair requested for: " + _listed(problems))
            outcome = "repaired"
            answer = self._complete(prompt.repair_messages(chat, answer[:MAX_ECHO], problems), usage)
            draft, problems, later = self._judge(answer, event, kb, usage)
            notes.extend(later)
        if not problems and draft is not None:
            return replace(draft, notes=tuple(notes), usage=self._usage(usage, outcome))
        reason = "the model’s draft still failed after one repair: " + _listed(problems)
        if self.settings.fallback == "hold":
            raise DraftRejected(reason)
        return self._fall_back(event, kb, variant, usage, notes, reason)

    def _fall_back(
        self, event: Event, kb: Any, variant: int, usage: _Usage, notes: list[str], reason: str
    ) -> Draft:
        written = self._fallback.write(event, kb, variant)
        notes.append(f"fell back to the {self._fallback.name} writer: {reason}")
        return replace(written, notes=(*written.notes, *notes), usage=self._usage(usage, "fallback"))

    def write_many(
        self, events: Iterable[Event], kb: Any = None, concurrency: int | None = None
    ) -> list[Draft | Exception]:
        """Write events on a thread pool, in order; an event that could not be written gives its exception."""
        events = list(events)
        workers = max(1, concurrency or self.settings.concurrency)

        def one(event: Event) -> Draft | Exception:
            try:
                return self.write(event, kb)
            except (ValueError, WriterUnavailable) as error:
                return error

        with ThreadPoolExecutor(max_workers=workers) as pool:
            return list(pool.map(one, events))

    def _usage(self, usage: _Usage, outcome: str) -> dict:
        return usage.as_dict(self.settings, self._structured, outcome, self._clock() - usage.started)

    def _judge(
        self, answer: str, event: Event, kb: Any, usage: _Usage
    ) -> tuple[Draft | None, list[str], list[str]]:
        """The draft in an answer, what is wrong with it (lines the model can act on), and notes."""
        try:
            article = parse_article(answer)
        except ValueError as error:
            cut = f" (the answer stopped at max_tokens, {self.settings.max_tokens})" if usage.cut_off else ""
            return None, [f"format: {error}{cut}; answer with the JSON object only"], []
        draft, unvouched = build_draft(article, event, self.name)
        notes = []
        if unvouched:
            # The prose is what the checks hold to the source; a stray declared fact is only left out.
            notes.append("left out of the ledger, held by neither source nor KB: " + "; ".join(unvouched[:6]))
        return draft, [str(v) for v in check(draft, event, kb)], notes

    def _complete(self, chat: list[dict[str, str]], usage: _Usage) -> str:
        """The answer to `chat`, transient failures retried; permanent ones raise WriterUnavailable."""
        openai = self._openai
        s = self.settings
        retries = 0
        while True:
            structured = self._structured
            extra: dict[str, Any] = {"response_format": prompt.RESPONSE_FORMAT} if structured else {}
            usage.attempts += 1
            try:
                with self._gate:
                    completion = self._client.chat.completions.create(
                        model=s.model,
                        messages=chat,  # type: ignore[arg-type]
                        max_tokens=s.max_tokens,
                        temperature=s.temperature,
                        **extra,
                    )
            except openai.BadRequestError as error:
                if structured and re.search(r"response_format|json_schema|structured", str(error), re.I):
                    # A server without structured output: ask in words from now on and parse tolerantly.
                    self._structured = False
                    continue
                raise WriterUnavailable(
                    f"the model server at {s.base_url} refused the request: {_said(error)}"
                ) from None
            except (openai.AuthenticationError, openai.PermissionDeniedError) as error:
                raise WriterUnavailable(
                    f"the model server at {s.base_url} refused the API key ({error.status_code}): "
                    f"check {s.api_key_env}"
                ) from None
            except openai.NotFoundError:
                raise WriterUnavailable(
                    f"the model server at {s.base_url} has no model {s.model!r} (404): "
                    "check [writer.llm] model"
                ) from None
            except openai.APIStatusError as error:
                if error.status_code not in (408, 409, 429) and error.status_code < 500:
                    raise WriterUnavailable(
                        f"the model server at {s.base_url} answered {error.status_code}: {_said(error)}"
                    ) from None
                problem, wait = f"HTTP {error.status_code}", _retry_after(error.response.headers)
            except openai.APITimeoutError:
                problem, wait = f"no answer within {s.timeout:g} s", None
            except openai.APIConnectionError as error:
                problem, wait = f"connection failed ({error.__cause__ or error})", None
            else:
                usage.requests += 1
                if completion.usage is not None:
                    usage.tokens_in += completion.usage.prompt_tokens or 0
                    usage.tokens_out += completion.usage.completion_tokens or 0
                choice = completion.choices[0] if completion.choices else None
                usage.cut_off = choice is not None and choice.finish_reason == "length"
                return (choice.message.content or "") if choice else ""
            if retries >= s.max_retries:
                raise WriterUnavailable(
                    f"the model server at {s.base_url} did not answer after {usage.attempts} attempts: "
                    f"{problem}"
                )
            if wait is not None and wait > MAX_RETRY_AFTER:
                raise WriterUnavailable(
                    f"the model server at {s.base_url} asks to wait {wait:.0f} s: {problem}"
                )
            if wait is None:
                # Full jitter: threads that failed together do not come back together.
                wait = random.uniform(0.5, 1.0) * min(s.max_backoff, s.backoff * 2**retries)
            self._sleep(wait)
            retries += 1


def _said(error: Exception) -> str:
    message = getattr(error, "message", None) or str(error)
    return " ".join(str(message).split())[:200]


def _listed(problems: Sequence[str]) -> str:
    shown = "; ".join(problems[:6])
    return shown + (f" (and {len(problems) - 6} more)" if len(problems) > 6 else "")
