"""The report store in an Azure Blob container (azure-storage-blob; Azurite in tests).

Only the byte layer lives here; the layout comes from `LayoutReportStore`.
- put: a block blob upload with overwrite, which Azure commits atomically.
- append: Append Blobs (created when missing); a call larger than one append block is cut at
  line ends, so JSON lines stay whole even when appenders interleave.
- list: `name_starts_with`, sorted.
Unreachable storage raises `StoreUnavailable` (retry later); other failures `StoreError`.
"""

from __future__ import annotations

from contextlib import suppress
from typing import Any
from urllib.parse import urlsplit

from azure.core.credentials import TokenCredential
from azure.core.exceptions import (
    HttpResponseError,
    ResourceExistsError,
    ResourceModifiedError,
    ResourceNotFoundError,
)
from azure.storage.blob import BlobClient, ContainerClient, ExponentialRetry
from pydantic import SecretStr

from haymaker.store.base import LayoutReportStore
from haymaker.store.blob_errors import translated
from haymaker.store.blob_paths import blob_name, blob_prefix, split_blocks
from haymaker.store.blob_settings import BlobClientOptions, BlobStoreSettings
from haymaker.store.errors import StoreError, StoreUnavailable

# Append Block accepts at most 4 MiB per call on every service version Azurite speaks.
MAX_APPEND_BLOCK = 4 * 1024 * 1024
# A chunked download of a log that grows meanwhile fails its If-Match; read it again.
DOWNLOAD_ATTEMPTS = 3

_CONTAINER_NOT_FOUND = "ContainerNotFound"


def client_kwargs(options: BlobClientOptions) -> dict[str, Any]:
    """Keyword arguments for a Blob SDK client with these retries and timeouts."""
    return {
        "retry_policy": ExponentialRetry(
            initial_backoff=options.initial_backoff,  # type: ignore[arg-type]
            increment_base=options.increment_base,  # type: ignore[arg-type]
            retry_total=options.retry_total,
            random_jitter_range=options.jitter,  # type: ignore[arg-type]
        ),
        "connection_timeout": options.connection_timeout,
        "read_timeout": options.read_timeout,
    }


class BlobReportStore(LayoutReportStore):
    """Report store documents as blobs in one container (created on the first write)."""

    def __init__(self, container: ContainerClient) -> None:
        self._container = container

    @classmethod
    def from_connection_string(
        cls,
        connection_string: SecretStr | str,
        container: str,
        options: BlobClientOptions | None = None,
    ) -> BlobReportStore:
        """A store over `container` of the account the connection string names."""
        secret = (
            connection_string if isinstance(connection_string, SecretStr) else SecretStr(connection_string)
        )
        client = ContainerClient.from_connection_string(
            secret.get_secret_value(), container, **client_kwargs(options or BlobClientOptions())
        )
        return cls(client)

    @classmethod
    def from_account_url(
        cls,
        account_url: str,
        container: str,
        credential: TokenCredential | None = None,
        options: BlobClientOptions | None = None,
    ) -> BlobReportStore:
        """A store over `container` at `account_url`, signed in with `credential`.

        Without a credential it uses DefaultAzureCredential (environment, managed identity,
        Azure CLI, ...), which needs the Storage Blob Data Contributor role on the container.
        """
        if credential is None:
            from azure.identity import DefaultAzureCredential

            credential = DefaultAzureCredential()
        client = ContainerClient(
            account_url, container, credential=credential, **client_kwargs(options or BlobClientOptions())
        )
        return cls(client)

    @classmethod
    def from_settings(cls, settings: BlobStoreSettings) -> BlobReportStore:
        """The store `settings` describe."""
        if settings.connection_string is not None:
            return cls.from_connection_string(
                settings.connection_string, settings.container, settings.options
            )
        if settings.account_url is None:
            raise StoreError("Blob report store settings need a connection string or an account URL")
        return cls.from_account_url(settings.account_url, settings.container, options=settings.options)

    def __repr__(self) -> str:
        # Scheme, host and path only: a SAS token in the query is a secret.
        url = urlsplit(self._container.url)
        return f"BlobReportStore('{url.scheme}://{url.netloc}{url.path}')"

    @property
    def container_name(self) -> str:
        return self._container.container_name

    def close(self) -> None:
        """Close the HTTP connections of the underlying client."""
        self._container.close()

    # --- the byte layer -------------------------------------------------------------------

    def put_bytes(self, path: str, data: bytes) -> None:
        blob = self._blob(path)
        with translated("write", path):
            try:
                blob.upload_blob(data, overwrite=True)
            except ResourceNotFoundError as exc:
                self._create_container_if_missing(exc)
                blob.upload_blob(data, overwrite=True)

    def get_bytes(self, path: str) -> bytes | None:
        name = blob_name(path)
        with translated("read", path):
            for _ in range(DOWNLOAD_ATTEMPTS):
                try:
                    return self._container.download_blob(name).readall()
                except ResourceNotFoundError:
                    return None
                except ResourceModifiedError:
                    continue
        raise StoreUnavailable(f"blob store read of {path!r} failed: it kept changing while read", 1.0)

    def append_bytes(self, path: str, data: bytes) -> None:
        blob = self._blob(path)
        with translated("append", path):
            if not data:
                self._create_append_blob(blob)
                return
            for block in split_blocks(data, MAX_APPEND_BLOCK):
                self._append_block(blob, block)

    def list_paths(self, prefix: str) -> list[str]:
        start = blob_prefix(prefix)
        with translated("listing", prefix):
            try:
                return sorted(self._container.list_blob_names(name_starts_with=start or None))
            except ResourceNotFoundError:
                return []  # no container yet: nothing was ever written

    def delete_bytes(self, path: str) -> None:
        name = blob_name(path)
        with translated("delete", path):
            try:
                self._container.delete_blob(name, delete_snapshots="include")
            except ResourceNotFoundError:
                return

    def document_version(self, path: str) -> str | None:
        """The blob's ETag (changes on every write and append), or None when it is missing."""
        name = blob_name(path)
        with translated("read", path):
            try:
                return str(self._container.get_blob_client(name).get_blob_properties().etag)
            except ResourceNotFoundError:
                return None

    # --- helpers --------------------------------------------------------------------------

    def _blob(self, path: str) -> BlobClient:
        return self._container.get_blob_client(blob_name(path))

    def _create_container_if_missing(self, error: ResourceNotFoundError) -> None:
        if getattr(error, "error_code", None) != _CONTAINER_NOT_FOUND:
            raise error
        with suppress(ResourceExistsError):  # another writer created it first
            self._container.create_container()

    def _create_append_blob(self, blob: BlobClient) -> None:
        # If-None-Match: * so a racing creator's blob (and what it already appended) survives.
        try:
            blob.create_append_blob(if_none_match="*")
        except ResourceNotFoundError as exc:
            self._create_container_if_missing(exc)
            self._create_append_blob(blob)
        except ResourceExistsError:
            return
        except HttpResponseError as exc:
            # 412: the blob exists already (the precondition failed), which is what we wanted.
            if exc.status_code != 412:
                raise

    def _append_block(self, blob: BlobClient, block: bytes) -> None:
        try:
            blob.append_block(block)
        except ResourceNotFoundError:
            self._create_append_blob(blob)
            blob.append_block(block)
        except HttpResponseError as exc:
            if getattr(exc, "error_code", None) == "InvalidBlobType":
                raise StoreError(
                    f"blob store append to {blob.blob_name!r} failed: it is not an append blob "
                    "(it was written whole with put_bytes)"
                ) from None
            raise
