"""Kombu's Redis transport with one fix: a worker outlives Redis going away and coming back.

When the broker connection drops, Celery's consumer first collects the connection (which cuts
the transport off from its kombu Connection) and then closes it. Closing the channel tries to
put unacknowledged messages back, for which it builds a new Redis client from the Connection
that is gone: AttributeError ('NoneType' object has no attribute 'hostname'). That is not a
connection error, so nothing catches it and the worker stops with "Unrecoverable error"
(seen with `redis+socket://`, the embedded Redis; tests/factcheck/test_broker.py shows it).
Here that case raises the connection error it is, which the close path ignores: the worker
reconnects. Unacknowledged messages stay in Redis, which hands them back after the visibility
timeout; the job sweep (annotate.tasks.maintenance) re-queues their jobs long before.

factcheck.celery registers this class for `redis://` and `redis+socket://` URLs.
"""

from __future__ import annotations

from kombu.transport import redis as kombu_redis
from redis.exceptions import ConnectionError as RedisConnectionError


class Channel(kombu_redis.Channel):
    def _connparams(self, asynchronous=False):
        if self.connection.client is None:
            raise RedisConnectionError("The broker connection is closed.")
        return super()._connparams(asynchronous=asynchronous)


class Transport(kombu_redis.Transport):
    Channel = Channel
