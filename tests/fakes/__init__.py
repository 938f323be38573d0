"""Test-only peers that real SDKs talk to (e.g. an AMQP 1.0 broker for Service Bus)."""
