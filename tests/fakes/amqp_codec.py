"""AMQP message encoding for the fake Service Bus: batches, delivery stamps, replies."""

from __future__ import annotations

from typing import Any

from proton import Condition, Data, Message, symbol, timestamp, ulong

from tests.fakes.amqp_store import DEAD_LETTER_DESCRIPTION, DEAD_LETTER_REASON, StoredMessage

_DATA_SECTION = ulong(0x75)


def split_batch(encoded: bytes) -> list[bytes]:
    """Return the messages inside a batch transfer, or ``[encoded]`` for a single message.

    proton's Python API does not expose a transfer's message-format (0x80013700 marks a
    batch), so a batch is recognised by its body: data sections that each hold an encoded
    AMQP message (a described section: 0x00 0x53 0x70..0x78). A JSON body never starts 0x00.
    """
    sections = Data()
    offset = 0
    inner: list[bytes] = []
    other_body = False
    while offset < len(encoded):
        offset += sections.decode(encoded[offset:])
        sections.rewind()
        sections.next()
        if sections.type() != Data.DESCRIBED:
            return [encoded]
        sections.enter()
        sections.next()
        descriptor = sections.get_object()
        sections.next()
        if descriptor == _DATA_SECTION:
            payload = bytes(sections.get_binary())
            if _is_encoded_message(payload):
                inner.append(payload)
            else:
                other_body = True
        sections.exit()
        sections.clear()
    return inner if inner and not other_body else [encoded]


def _is_encoded_message(payload: bytes) -> bool:
    return len(payload) >= 3 and payload[:2] == b"\x00\x53" and 0x70 <= payload[2] <= 0x78


def put_token_reply(encoded: bytes) -> Message:
    request = Message()
    request.decode(encoded)
    return Message(
        correlation_id=request.id,
        properties={"status-code": 202, "status-description": "Accepted"},
    )


def management_reply(
    request: Message, status: int, description: str, *, condition: str | None = None
) -> Message:
    properties: dict[str, Any] = {"statusCode": status, "statusDescription": description}
    if condition is not None:
        properties["errorCondition"] = symbol(condition)
    return Message(correlation_id=request.id, properties=properties)


def text(value: Any) -> str | None:
    if isinstance(value, bytes):
        return value.decode("utf-8")
    return None if value is None else str(value)


def dead_letter_details(condition: Condition | None) -> tuple[str | None, str | None]:
    """DeadLetterReason / DeadLetterErrorDescription from the SDK's rejected outcome."""
    raw = condition.info if condition is not None and isinstance(condition.info, dict) else {}
    info = {text(key): value for key, value in raw.items()}
    return text(info.get(DEAD_LETTER_REASON)), text(info.get(DEAD_LETTER_DESCRIPTION))


def stamp(stored: StoredMessage, *, locked: bool) -> bytes:
    """Add what the service adds on delivery: delivery count, sequence number, lock expiry."""
    message = Message()
    message.decode(stored.encoded)
    message.delivery_count = stored.delivery_count
    annotations = dict(message.annotations or {})
    annotations[symbol("x-opt-sequence-number")] = stored.sequence_number
    annotations[symbol("x-opt-enqueued-time")] = timestamp(int(stored.enqueued_at * 1000))
    if locked:
        annotations[symbol("x-opt-locked-until")] = timestamp(int(stored.locked_until * 1000))
    message.annotations = annotations
    return message.encode()
