"""The proton event handler behind the fake Service Bus: links, transfers, settlement."""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING, Any, TypeVar, cast
from urllib.parse import urlparse

from proton import Condition, Delivery, Disposition, Endpoint, Event, Handler, Link, Message

from tests.fakes.amqp_codec import (
    dead_letter_details,
    management_reply,
    put_token_reply,
    split_batch,
    stamp,
    text,
)
from tests.fakes.amqp_store import EntityNotFoundError, LockLostError, LockQueue

if TYPE_CHECKING:
    from tests.fakes.amqp_broker import AmqpBroker

_LOG = logging.getLogger(__name__)

CBS_NODE = "$cbs"
MANAGEMENT_SUFFIX = "/$management"
PEEK_OPERATION = "com.microsoft:peek-message"
LOCK_LOST_CONDITION = "com.microsoft:message-lock-lost"
_CREDIT_WINDOW = 100

T = TypeVar("T")


class _Timer(Handler):
    def __init__(self, action: Any) -> None:
        self._action = action

    def on_timer_task(self, event: Event) -> None:
        self._action()


def _required(value: T | None, what: str) -> T:
    """proton types every event attribute as optional; the events handled here carry them."""
    if value is None:
        raise RuntimeError(f"proton event without a {what}")
    return value


def _entity_path(address: str | None) -> str:
    """``amqps://host:port/<entity>`` (what the SDK sends) or a bare ``<entity>`` -> entity."""
    if not address:
        return ""
    parsed = urlparse(address)
    return (parsed.path if parsed.scheme else address).strip("/")


class BrokerHandler(Handler):
    """Proton event handler; every method runs on the broker thread.

    Link attributes (proton keeps them with the link): ``fake_role`` is one of cbs,
    management, topic or queue; ``fake_node`` the entity path; ``fake_queue`` the LockQueue.
    """

    def __init__(self, broker: AmqpBroker) -> None:
        self.broker = broker
        self.acceptor: Any = None
        self._timer_due: float | None = None
        self._connections: set[Any] = set()
        self._receivers: dict[int, list[Link]] = {}

    # --- connections and sessions ----------------------------------------------------------

    def on_connection_bound(self, event: Event) -> None:
        sasl = _required(event.transport, "transport").sasl()
        sasl.allow_insecure_mechs = True
        # The SDK signs in with ANONYMOUS and authorises through CBS. proton's built-in SASL
        # (the PyPI build has no Cyrus) cannot check PLAIN on the server side.
        sasl.allowed_mechs("ANONYMOUS")
        self._connections.add(event.connection)

    def on_connection_remote_open(self, event: Event) -> None:
        connection = _required(event.connection, "connection")
        if connection.state & Endpoint.LOCAL_UNINIT:
            connection.open()

    def on_session_remote_open(self, event: Event) -> None:
        session = _required(event.session, "session")
        if session.state & Endpoint.LOCAL_UNINIT:
            session.open()

    def on_connection_remote_close(self, event: Event) -> None:
        connection = _required(event.connection, "connection")
        if not connection.state & Endpoint.LOCAL_CLOSED:
            connection.close()

    def on_session_remote_close(self, event: Event) -> None:
        session = _required(event.session, "session")
        if not session.state & Endpoint.LOCAL_CLOSED:
            session.close()

    def on_transport_closed(self, event: Event) -> None:
        connection = event.connection
        if connection is None:
            return
        self._connections.discard(connection)
        link = connection.link_head(0)
        while link is not None:
            self._forget_link(link)
            link = link.next(0)

    def on_broker_stop(self, event: Event) -> None:
        container = self.broker.container
        assert container is not None
        if self.acceptor is not None:
            self.acceptor.close()
        for connection in list(self._connections):
            if not connection.state & Endpoint.LOCAL_CLOSED:
                connection.close()
        if self.broker.injector is not None:
            self.broker.injector.close()
        # A moment for the close frames to go out: an idle SDK client never answers them.
        container.schedule(0.05, _Timer(container.stop))

    # --- links -----------------------------------------------------------------------------

    def on_link_remote_open(self, event: Event) -> None:
        link = _required(event.link, "link")
        if not link.state & Endpoint.LOCAL_UNINIT:
            return
        link.source.copy(link.remote_source)
        link.target.copy(link.remote_target)
        link.snd_settle_mode = link.remote_snd_settle_mode
        link.rcv_settle_mode = link.remote_rcv_settle_mode
        link.max_message_size = self.broker.max_message_size
        address = link.remote_source.address if link.is_sender else link.remote_target.address
        path = _entity_path(address)
        try:
            self._bind(link, path)
        except EntityNotFoundError as missing:
            link.condition = Condition("amqp:not-found", str(missing))
            link.open()
            link.close()
            return
        link.open()
        if link.is_receiver:
            link.flow(_CREDIT_WINDOW)

    def _bind(self, link: Link, path: str) -> None:
        link.fake_node = path
        if path == CBS_NODE:
            link.fake_role = "cbs"
            return
        with self.broker.lock:
            if path.endswith(MANAGEMENT_SUFFIX):
                # Attached whatever the entity; a request on a missing one gets a 404 reply.
                link.fake_role = "management"
            elif link.is_receiver:
                link.fake_role = "topic"
                self.broker.namespace.topic(path)
            else:
                queue = self.broker.namespace.queue_for(path)
                link.fake_role, link.fake_queue = "queue", queue
                self._receivers.setdefault(id(link.fake_queue), []).append(link)

    def on_link_remote_close(self, event: Event) -> None:
        link = _required(event.link, "link")
        self._forget_link(link)
        if not link.state & Endpoint.LOCAL_CLOSED:
            link.close()

    def _forget_link(self, link: Link) -> None:
        if getattr(link, "fake_role", None) != "queue":
            return
        # As on Service Bus, what the link had locked stays locked until the lock expires.
        links = self._receivers.get(id(link.fake_queue), [])
        if link in links:
            links.remove(link)

    def on_link_flow(self, event: Event) -> None:
        link = _required(event.link, "link")
        if link.is_sender and getattr(link, "fake_role", None) == "queue":
            self._pump_link(link)

    # --- incoming transfers ----------------------------------------------------------------

    def on_delivery(self, event: Event) -> None:
        link, delivery = _required(event.link, "link"), _required(event.delivery, "delivery")
        if link.is_receiver:
            self._on_transfer(link, delivery)
        elif delivery.updated:
            self._on_outcome(link, delivery)

    def _on_transfer(self, link: Link, delivery: Delivery) -> None:
        if not delivery.readable or delivery.partial:
            return
        encoded = link.recv(delivery.pending)
        link.advance()
        if link.credit < _CREDIT_WINDOW // 2:
            link.flow(_CREDIT_WINDOW - link.credit)
        role = getattr(link, "fake_role", None)
        if role == "cbs":
            self._reply(link, put_token_reply(encoded))
        elif role == "management":
            self._reply(link, self._answer_management(link.fake_node, encoded))
        elif role == "topic":
            with self.broker.lock:
                self.broker.namespace.publish(link.fake_node, split_batch(encoded))
        delivery.update(Disposition.ACCEPTED)
        delivery.settle()
        if role == "topic":
            self.pump_all()

    def _reply(self, request_link: Link, reply: Message) -> None:
        """Send ``reply`` on the sender link of the same node and connection."""
        link = request_link.connection.link_head(Endpoint.LOCAL_ACTIVE)
        while link is not None:
            if link.is_sender and getattr(link, "fake_node", None) == request_link.fake_node:
                delivery = link.delivery(f"reply-{time.monotonic_ns()}")
                link.send(reply.encode())
                link.advance()
                delivery.settle()
                return
            link = link.next(Endpoint.LOCAL_ACTIVE)
        _LOG.warning("request on %s without a reply link; not answered", request_link.fake_node)

    def _answer_management(self, node: str, encoded: bytes) -> Message:
        request = Message()
        request.decode(encoded)
        properties: dict[Any, Any] = request.properties or {}
        operation = text(properties.get("operation"))
        if operation != PEEK_OPERATION:
            return management_reply(request, 501, f"operation {operation!r} is not implemented")
        raw = request.body if isinstance(request.body, dict) else {}
        body = {text(key): value for key, value in raw.items()}
        first, count = int(body.get("from-sequence-number", 1)), int(body.get("message-count", 1))
        with self.broker.lock:
            try:
                queue = self.broker.namespace.queue_for(node[: -len(MANAGEMENT_SUFFIX)])
            except EntityNotFoundError as missing:
                return management_reply(request, 404, str(missing), condition="amqp:not-found")
            encoded_messages = [stamp(message, locked=False) for message in queue.peek(first, count)]
        if not encoded_messages:
            return management_reply(request, 204, "No Content")
        reply = management_reply(request, 200, "OK")
        reply.body = {"messages": [{"message": message} for message in encoded_messages]}
        return reply

    # --- settlement ------------------------------------------------------------------------

    def _on_outcome(self, link: Link, delivery: Delivery) -> None:
        token = getattr(delivery, "fake_lock_token", None)
        if token is None:
            delivery.settle()
            return
        queue: LockQueue = link.fake_queue
        state = delivery.remote_state
        now = time.time()
        echo = state
        try:
            with self.broker.lock:
                if state == Disposition.ACCEPTED:
                    queue.complete(token, now)
                elif state == Disposition.MODIFIED and not delivery.remote.undeliverable:
                    queue.abandon(token, now, delivery_failed=delivery.remote.failed)
                    delivery.local.failed = delivery.remote.failed
                elif state == Disposition.REJECTED:
                    reason, description = dead_letter_details(delivery.remote.condition)
                    queue.dead_letter(token, now, reason, description)
                elif state == Disposition.RELEASED:
                    queue.release(token)
                else:
                    raise NotImplementedError(f"outcome {state!r} (e.g. defer) is not supported")
        except LockLostError as lost:
            delivery.local.condition = Condition(LOCK_LOST_CONDITION, str(lost))
            echo = Disposition.REJECTED
        except NotImplementedError as unsupported:
            delivery.local.condition = Condition("amqp:not-implemented", str(unsupported))
            echo = Disposition.REJECTED
        # Receiver-settle-mode second: report the outcome that was applied, then settle.
        delivery.update(echo)
        delivery.settle()
        self._pump_queue(queue)

    # --- pushing messages to receivers -----------------------------------------------------

    def pump_all(self) -> None:
        now = time.time()
        for links in list(self._receivers.values()):
            if links:
                # Expire locks even where no link has credit, so the timer is not re-armed
                # for a deadline that has passed.
                with self.broker.lock:
                    links[0].fake_queue.expire_locks(now)
            for link in list(links):
                self._pump_link(link)

    def _pump_queue(self, queue: LockQueue) -> None:
        for link in list(self._receivers.get(id(queue), [])):
            self._pump_link(link)

    def _pump_link(self, link: Link) -> None:
        queue: LockQueue = link.fake_queue
        while link.credit > 0 and link.state & Endpoint.LOCAL_ACTIVE:
            with self.broker.lock:
                stored = queue.lock_next(time.time())
                if stored is None:
                    break
                payload = stamp(stored, locked=True)
                token = stored.lock_token
            # The SDK reads the 16-byte tag as the lock token; proton takes bytes (its stub says str).
            delivery = link.delivery(cast(str, token))
            delivery.fake_lock_token = token
            link.send(payload)
            link.advance()
        if link.drain_mode and link.credit > 0:
            link.drained()
        self._arm_lock_timer()

    def _arm_lock_timer(self) -> None:
        """Wake up when the next lock expires, so its message goes out to waiting receivers."""
        container = self.broker.container
        if container is None:
            return
        now = time.time()
        with self.broker.lock:
            expiries = [
                expiry
                for links in self._receivers.values()
                if links and (expiry := links[0].fake_queue.next_lock_expiry()) is not None
            ]
        if not expiries:
            return
        due = max(min(expiries), now) + 0.01
        # One timer per earlier deadline; a stale one that fires later only pumps again.
        if self._timer_due is None or due < self._timer_due:
            self._timer_due = due
            container.schedule(max(0.0, due - time.time()), _Timer(lambda: self._on_lock_timer(due)))

    def _on_lock_timer(self, due: float) -> None:
        # The reactor's clock may fire a timer a little early; pumping re-arms it if so.
        if self._timer_due == due:
            self._timer_due = None
        self.pump_all()
