"""Live streams: an article's feed pushed over one open connection (Server-Sent Events) instead of
polled, off unless LIVE_STREAMS gives this process slots for them.

One Ticker thread a process reads each watched article's feed (live.FeedCache) every
live.FEED_FRESH_SECONDS, or at once after this process writes, and wakes that article's streams
only when the read changed; each stream (watch) then sends what it has not sent yet.
"""
import threading
import time
from dataclasses import dataclass

from annotator.extensions import db
from annotator.services import live
from annotator.services.errors import NotFound


def init_app(app):
    """Give the app its stream slots (LIVE_STREAMS) and the ticker that wakes its streams."""
    app.extensions["live_streams"] = Slots(app.config["LIVE_STREAMS"])
    app.extensions["live_ticker"] = Ticker(app, app.extensions["live_feeds"])


KEEPALIVE_SECONDS = 15
# after a message a stream gathers what comes next for this long, as a poll a second would: on a
# busy article one message a second instead of one a save (the first after quiet goes at once)
GATHER_SECONDS = 1.0


@dataclass(frozen=True)
class Viewer:
    """Who a stream is for, kept apart from the session's User (whose attributes a transaction's
    end expires: reading them again would cost a statement each time the stream wakes)."""

    id: int
    username: str


class Slots:
    """How many streams this process may hold open at once: each holds one of the server's
    threads for as long as it is open (LIVE_STREAMS; none when 0)."""

    def __init__(self, size):
        self.size = size
        self.free = threading.BoundedSemaphore(size) if size else None

    def take(self):
        return self.free is not None and self.free.acquire(blocking=False)

    def give(self):
        self.free.release()


class Ticker:
    """While streams are open, one thread a process reads each watched article's feed every
    FEED_FRESH_SECONDS (at once after this process writes) and wakes that article's streams only
    when what it read differs: a quiet stream costs nothing, and fifty streams one read."""

    def __init__(self, app, feeds):
        self.app, self.feeds = app, feeds
        self.changed = threading.Condition()
        self.cursors = {}  # article id -> {stream: its cursor}
        self.versions, self.seen = {}, {}  # article id -> how many changes read; what was read last
        self.thread = None

    def join(self, article_id, stream, after):
        with self.changed:
            self.cursors.setdefault(article_id, {})[stream] = after
            if self.thread is None:
                self.thread = threading.Thread(target=self._run, name="live-ticker", daemon=True)
                self.thread.start()
            return self.versions.get(article_id, 0)

    def leave(self, article_id, stream):
        with self.changed:
            cursors = self.cursors.get(article_id, {})
            cursors.pop(stream, None)
            if not cursors:
                self.cursors.pop(article_id, None)

    def wait(self, article_id, stream, after, version, timeout):
        """Note the stream's cursor; wait until the article's feed changes past `version`, or timeout;
        return the version then."""
        with self.changed:
            self.cursors.get(article_id, {})[stream] = after
            self.changed.wait_for(lambda: self.versions.get(article_id, 0) != version, timeout)
            return self.versions.get(article_id, 0)

    def _run(self):
        try:
            with self.app.app_context():
                while True:
                    with self.changed:
                        if not self.cursors:  # in the lock a join checks: it starts the next
                            self.thread = None
                            return
                        floors = {a: min(c.values()) for a, c in self.cursors.items()}
                    for article_id, floor in floors.items():
                        self._tick(article_id, floor)
                    self._let_go()  # no snapshot held while waiting
                    with live.NEWS:
                        live.NEWS.wait(live.FEED_FRESH_SECONDS)
        finally:  # crashed: the next stream to join starts a ticker again
            with self.changed:
                if self.thread is threading.current_thread():
                    self.thread = None

    def _tick(self, article_id, floor):
        try:
            feed = self.feeds.refresh(article_id, floor)
        except NotFound:  # deleted: its streams find out on their own read
            self._let_go()
            self._bump(article_id, None)
            return
        except Exception:  # a lost connection: the streams wait for the next tick; say why in the log
            self.app.logger.warning("The live ticker could not read article %s's feed", article_id, exc_info=True)
            self._let_go()
            self._bump(article_id, None)
            return
        self._bump(article_id, (tuple(e.id for e in feed.events), tuple(feed.sent_people.items()),
                                feed.state, feed.version))

    def _let_go(self):
        """End the ticker's transaction. A connection the server closed (a restart, an admin's
        kill) fails even the rollback: drop the session, and the next tick reads on a new one."""
        try:
            db.session.rollback()
        except Exception:
            self.app.logger.warning("The live ticker lost its database connection", exc_info=True)
            db.session.remove()

    def _bump(self, article_id, read):
        with self.changed:
            if self.seen.get(article_id) != read:
                self.seen[article_id] = read
                self.versions[article_id] = self.versions.get(article_id, 0) + 1
                self.changed.notify_all()


def watch(feeds, ticker, article_id, after, seen, viewer, seconds, pause):
    """Yield what a stream of article_id's changes sends, for `seconds`.

    First, at once, the Changes after the cursor (raising NotFound for an unknown article before
    anything is sent); then Changes whenever events arrive that it has not sent, the people
    present change or the article moves, at most one Changes each GATHER_SECONDS; None after
    KEEPALIVE_SECONDS of quiet (a keep-alive,
    which also finds a connection the browser dropped). The ticker reads the feed and wakes the
    stream when it changed; before each wait the stream calls pause(), where its caller ends
    the transaction.
    """
    clock, stream = time.monotonic, object()
    end, sent, last, told = clock() + seconds, set(), None, clock()
    seen = after if seen is None else seen
    version = ticker.join(article_id, stream, after)
    try:
        while True:
            found = feeds.changes(article_id, after, seen, viewer)
            fresh = [e for e in found.events if e["id"] not in sent]
            now_is = (found.state, found.version, found.present)
            moved_on = found.cursor > after
            if last is None or fresh or now_is != last:
                found.events = fresh
                yield found
                last, told = now_is, clock()
                sent.update(e["id"] for e in fresh)
                seen = max([seen, *(e["id"] for e in fresh)])
            elif clock() - told >= KEEPALIVE_SECONDS:
                yield None
                told = clock()
            after = found.cursor
            sent = {i for i in sent if i > after}  # past the cursor no event is read again
            pause()
            left = end - clock()
            if left <= 0:
                return
            if not (found.more and moved_on):  # a long history is read on at once, page by page
                version = _rest(ticker, article_id, stream, after, version, clock() - told, left)
    finally:
        ticker.leave(article_id, stream)


def _rest(ticker, article_id, stream, after, version, quiet, left):
    """Between a stream's reads: gather until GATHER_SECONDS after its last message, then wait for
    the ticker's next change or the keep-alive; return the version then."""
    gather = min(GATHER_SECONDS - quiet, left)
    if gather > 0:
        time.sleep(gather)
    quiet, left = quiet + max(gather, 0), left - max(gather, 0)
    return ticker.wait(article_id, stream, after, version, min(left, KEEPALIVE_SECONDS - quiet))
