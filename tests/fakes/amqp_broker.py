"""A real AMQP 1.0 peer, on python-qpid-proton, that the azure-servicebus SDK talks to.

It answers what the SDK sends for a namespace with ``UseDevelopmentEmulator=true`` (plain
AMQP on the given port): SASL ANONYMOUS, CBS ``put-token`` on ``$cbs``, topic
senders (``<topic>``), subscription receivers (``<topic>/Subscriptions/<sub>`` and
``.../$DeadLetterQueue``) in peek-lock with receiver-settle-mode second (the outcome is echoed,
then settled), batch sends (one AMQP message whose data sections each hold an encoded message)
and the ``com.microsoft:peek-message`` management operation on ``<entity>/$management``.

    with AmqpBroker() as broker:
        client = ServiceBusClient.from_connection_string(broker.connection_string)
"""

from __future__ import annotations

import logging
import threading

from proton.reactor import ApplicationEvent, Container, EventInjector

from tests.fakes.amqp_handler import BrokerHandler
from tests.fakes.amqp_store import Namespace

_LOG = logging.getLogger(__name__)


class _ExpectedBrokenPipe(logging.Filter):
    """The SDK closes its socket right after sending Close, so proton's own Close finds a
    broken pipe; that is the normal end of a connection here, not an error."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "Broken pipe" not in record.getMessage()


logging.getLogger("proton").addFilter(_ExpectedBrokenPipe())


class AmqpBroker:
    """The peer on 127.0.0.1 (a free port), running in a background thread."""

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        lock_duration: float = 60.0,
        max_delivery_count: int = 10,
        max_message_size: int = 4 * 1024 * 1024,
        auto_create_entities: bool = True,
    ) -> None:
        self.host = host
        self.namespace = Namespace(
            lock_duration=lock_duration,
            max_delivery_count=max_delivery_count,
            auto_create=auto_create_entities,
        )
        self.max_message_size = max_message_size
        self.errors: list[BaseException] = []
        # The event thread mutates the namespace; tests read it through the same lock.
        self.lock = threading.RLock()
        self.port = 0
        self._handler = BrokerHandler(self)
        self.container: Container | None = None
        self.injector: EventInjector | None = None
        self._thread: threading.Thread | None = None

    @property
    def connection_string(self) -> str:
        return (
            f"Endpoint=sb://{self.host}:{self.port};SharedAccessKeyName=RootManageSharedAccessKey;"
            "SharedAccessKey=fake-broker-key;UseDevelopmentEmulator=true"
        )

    def start(self) -> AmqpBroker:
        container = Container(self._handler)
        container.container_id = "haymaker-fake-servicebus"
        # Port 0: the OS picks a free one. proton's stub says str; socket.bind needs the int.
        acceptor = container.acceptor(self.host, 0)  # type: ignore[arg-type]
        self.port = acceptor._selectable.getsockname()[1]
        injector = EventInjector()
        container.selectable(injector)
        self._handler.acceptor = acceptor
        self.container, self.injector = container, injector
        self._thread = threading.Thread(target=self._run, name="fake-servicebus", daemon=True)
        self._thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        if self.injector is None or self._thread is None:
            return
        self.injector.trigger(ApplicationEvent("broker_stop"))
        self._thread.join(timeout)
        if self._thread.is_alive():
            raise RuntimeError(f"the fake Service Bus thread did not stop within {timeout} s")
        self.injector = None

    def __enter__(self) -> AmqpBroker:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # --- inspection and set-up for tests ---------------------------------------------------

    def create_topic(
        self, name: str, *, lock_duration: float | None = None, max_delivery_count: int | None = None
    ) -> None:
        """Create topic ``name`` if needed; subscriptions created from now on get these settings."""
        with self.lock:
            topic = self.namespace.topic(name, create=True)
            if lock_duration is not None:
                topic.lock_duration = lock_duration
            if max_delivery_count is not None:
                topic.max_delivery_count = max_delivery_count

    def delete_subscriptions(self, topic: str, prefix: str = "") -> None:
        """Delete the subscriptions whose names start with ``prefix``; they get nothing more."""
        with self.lock:
            owner = self.namespace.topic(topic, create=True)
            for name in [n for n in owner.subscriptions if n.startswith(prefix.lower())]:
                del owner.subscriptions[name]

    def create_subscription(self, topic: str, name: str) -> None:
        with self.lock:
            self.namespace.subscription(topic, name, create=True)

    def active_count(self, topic: str, subscription: str) -> int:
        with self.lock:
            return len(self.namespace.subscription(topic, subscription, create=False).active)

    def dead_letter_count(self, topic: str, subscription: str) -> int:
        with self.lock:
            return len(self.namespace.subscription(topic, subscription, create=False).dead_letter)

    def _run(self) -> None:
        assert self.container is not None
        try:
            self.container.run()
        except BaseException as exc:  # handed to the test through broker.errors
            _LOG.exception("the fake Service Bus crashed")
            self.errors.append(exc)
