"""Microsoft Graph v1.0 in the emulator, driven through the real msgraph-sdk over HTTPS."""

from __future__ import annotations

import json
import ssl
import urllib.error
import urllib.request

import pytest
from kiota_abstractions.base_request_configuration import RequestConfiguration
from msgraph.generated.applications.applications_request_builder import ApplicationsRequestBuilder
from msgraph.generated.applications.item.remove_password.remove_password_post_request_body import (
    RemovePasswordPostRequestBody,
)
from msgraph.generated.models.application import Application
from msgraph.generated.models.o_data_errors.o_data_error import ODataError
from msgraph.generated.models.service_principal import ServicePrincipal

from haymaker.azure.clients import AzureClients
from haymaker.emulator.server import Emulator
from tests.emulator_identity.conftest import Identity, make_identity, run
from tests.signin import GRAPH_SCOPE, admin_headers


def _filtered(text: str, top: int | None = None) -> RequestConfiguration[object]:
    query = ApplicationsRequestBuilder.ApplicationsRequestBuilderGetQueryParameters(filter=text, top=top)
    return RequestConfiguration(query_parameters=query)


def test_create_application_returns_graph_shape(clients: AzureClients) -> None:
    async def scenario() -> Application | None:
        async with clients.graph_session() as graph:
            return await graph.applications.post(
                Application(display_name="app-one", tags=["t1"], notes="some notes")
            )

    app = run(scenario())
    assert app is not None
    assert app.id and app.app_id and app.id != app.app_id
    assert app.display_name == "app-one"
    assert app.tags == ["t1"]
    assert app.notes == "some notes"
    assert app.sign_in_audience == "AzureADMyOrg"
    assert app.created_date_time is not None
    assert app.password_credentials == []


def test_application_requires_a_display_name(clients: AzureClients) -> None:
    async def scenario() -> None:
        async with clients.graph_session() as graph:
            await graph.applications.post(Application(notes="no name"))

    with pytest.raises(ODataError) as caught:
        run(scenario())
    assert caught.value.response_status_code == 400
    assert caught.value.error is not None and caught.value.error.code == "Request_BadRequest"


def test_missing_application_is_request_resource_not_found(clients: AzureClients) -> None:
    async def scenario() -> None:
        async with clients.graph_session() as graph:
            await graph.applications.by_application_id("00000000-0000-4000-8000-000000000001").get()

    with pytest.raises(ODataError) as caught:
        run(scenario())
    assert caught.value.response_status_code == 404
    assert caught.value.error is not None
    assert caught.value.error.code == "Request_ResourceNotFound"


def test_list_filters_by_display_name_prefix_app_id_and_tag(clients: AzureClients) -> None:
    async def scenario() -> dict[str, list[str]]:
        async with clients.graph_session() as graph:
            a = await graph.applications.post(Application(display_name="alpha-1", tags=["blue"]))
            await graph.applications.post(Application(display_name="alpha-2", tags=["red"]))
            await graph.applications.post(Application(display_name="beta", tags=["blue"]))
            assert a is not None
            queries = {
                "name": "displayName eq 'alpha-1'",
                "prefix": "startswith(displayName,'alpha')",
                "app_id": f"appId eq '{a.app_id}'",
                "tag": "tags/any(t:t eq 'blue')",
            }
            found = {}
            for key, text in queries.items():
                page = await graph.applications.get(_filtered(text))
                assert page is not None and page.value is not None
                found[key] = sorted(x.display_name or "" for x in page.value)
            return found

    found = run(scenario())
    assert found == {
        "name": ["alpha-1"],
        "prefix": ["alpha-1", "alpha-2"],
        "app_id": ["alpha-1"],
        "tag": ["alpha-1", "beta"],
    }


def test_unsupported_filter_is_refused_with_graph_error(clients: AzureClients) -> None:
    async def scenario() -> None:
        async with clients.graph_session() as graph:
            await graph.applications.get(_filtered("publisherName eq 'x'"))

    with pytest.raises(ODataError) as caught:
        run(scenario())
    assert caught.value.response_status_code == 400
    assert caught.value.error is not None
    assert caught.value.error.code == "Request_UnsupportedQuery"


def test_list_pages_with_next_link_until_done(clients: AzureClients, emulator: Emulator) -> None:
    emulator.options.page_size = 2

    async def scenario() -> tuple[list[str], int]:
        async with clients.graph_session() as graph:
            for i in range(5):
                await graph.applications.post(Application(display_name=f"paged-{i}"))
            names: list[str] = []
            pages = 0
            page = await graph.applications.get(_filtered("startswith(displayName,'paged-')"))
            while page is not None:
                pages += 1
                names.extend(a.display_name or "" for a in page.value or [])
                if not page.odata_next_link:
                    break
                page = await graph.applications.with_url(page.odata_next_link).get()
            return names, pages

    names, pages = run(scenario())
    assert names == [f"paged-{i}" for i in range(5)]
    assert pages == 3


def test_get_and_patch_by_app_id(clients: AzureClients, identity: Identity) -> None:
    async def scenario() -> Application | None:
        async with clients.graph_session() as graph:
            await graph.applications_with_app_id(identity.app_id).patch(
                Application(notes="patched", tags=["x"])
            )
            return await graph.applications_with_app_id(identity.app_id).get()

    app = run(scenario())
    assert app is not None
    assert app.id == identity.app_object_id
    assert app.notes == "patched"
    assert app.tags == ["x"]


def test_patch_refuses_read_only_properties(clients: AzureClients, identity: Identity) -> None:
    async def scenario() -> None:
        async with clients.graph_session() as graph:
            await graph.applications.by_application_id(identity.app_object_id).patch(
                Application(app_id="00000000-0000-4000-8000-000000000009")
            )

    with pytest.raises(ODataError) as caught:
        run(scenario())
    assert caught.value.response_status_code == 400


def test_service_principal_is_created_for_an_app_and_found_by_filter(
    clients: AzureClients, identity: Identity
) -> None:
    async def scenario() -> tuple[ServicePrincipal | None, list[str]]:
        async with clients.graph_session() as graph:
            sp = await graph.service_principals_with_app_id(identity.app_id).get()
            from msgraph.generated.service_principals.service_principals_request_builder import (
                ServicePrincipalsRequestBuilder,
            )

            query = ServicePrincipalsRequestBuilder.ServicePrincipalsRequestBuilderGetQueryParameters(
                filter=f"appId eq '{identity.app_id}'"
            )
            page = await graph.service_principals.get(RequestConfiguration(query_parameters=query))
            assert page is not None and page.value is not None
            return sp, [p.id or "" for p in page.value]

    sp, listed = run(scenario())
    assert sp is not None
    assert sp.id == identity.sp_id
    assert sp.app_id == identity.app_id
    assert sp.service_principal_names == [identity.app_id]
    assert sp.account_enabled is True
    assert listed == [identity.sp_id]


def test_service_principal_needs_an_existing_application(clients: AzureClients) -> None:
    async def scenario() -> None:
        async with clients.graph_session() as graph:
            await graph.service_principals.post(
                ServicePrincipal(app_id="00000000-0000-4000-8000-000000000002")
            )

    with pytest.raises(ODataError) as caught:
        run(scenario())
    assert caught.value.response_status_code == 400
    assert caught.value.error is not None
    assert "does not reference a valid application" in (caught.value.error.message or "")


def test_second_service_principal_for_one_app_conflicts(clients: AzureClients, identity: Identity) -> None:
    async def scenario() -> None:
        async with clients.graph_session() as graph:
            await graph.service_principals.post(ServicePrincipal(app_id=identity.app_id))

    with pytest.raises(ODataError) as caught:
        run(scenario())
    assert caught.value.response_status_code == 409


def test_delete_application_moves_it_to_deleted_items_and_removes_its_sp(
    clients: AzureClients, identity: Identity, emulator: Emulator
) -> None:
    async def scenario() -> list[str]:
        async with clients.graph_session() as graph:
            await graph.applications.by_application_id(identity.app_object_id).delete()
            page = await graph.directory.deleted_items.graph_application.get()
            assert page is not None and page.value is not None
            return [type(item).__name__ + ":" + (item.id or "") for item in page.value]

    assert run(scenario()) == [f"Application:{identity.app_object_id}"]
    assert emulator.state.get("graph_application", identity.app_object_id) is None
    assert emulator.state.get("graph_service_principal", identity.sp_id) is None


def test_deleted_item_reads_back_as_its_type_and_purges_for_good(
    clients: AzureClients, identity: Identity
) -> None:
    async def scenario() -> tuple[str, bool]:
        async with clients.graph_session() as graph:
            await graph.applications.by_application_id(identity.app_object_id).delete()
            item = await graph.directory.deleted_items.by_directory_object_id(identity.app_object_id).get()
            kind = f"{type(item).__name__}:{item.deleted_date_time is not None}"
            await graph.directory.deleted_items.by_directory_object_id(identity.app_object_id).delete()
            try:
                await graph.directory.deleted_items.by_directory_object_id(identity.app_object_id).get()
            except ODataError as exc:
                return kind, exc.response_status_code == 404
            return kind, False

    assert run(scenario()) == ("Application:True", True)


def test_restore_brings_a_deleted_application_back(clients: AzureClients, identity: Identity) -> None:
    async def scenario() -> Application | None:
        async with clients.graph_session() as graph:
            await graph.applications.by_application_id(identity.app_object_id).delete()
            await graph.directory.deleted_items.by_directory_object_id(identity.app_object_id).restore.post()
            return await graph.applications.by_application_id(identity.app_object_id).get()

    restored = run(scenario())
    assert restored is not None and restored.app_id == identity.app_id


def test_add_password_is_listed_without_its_secret_and_can_be_removed(
    clients: AzureClients, identity: Identity
) -> None:
    async def scenario() -> tuple[list[str | None], list[str | None], int]:
        async with clients.graph_session() as graph:
            app = await graph.applications.by_application_id(identity.app_object_id).get()
            assert app is not None and app.password_credentials is not None
            texts = [p.secret_text for p in app.password_credentials]
            hints = [p.hint for p in app.password_credentials]
            body = RemovePasswordPostRequestBody(key_id=identity.key_id)  # type: ignore[arg-type]
            await graph.applications.by_application_id(identity.app_object_id).remove_password.post(body)
            after = await graph.applications.by_application_id(identity.app_object_id).get()
            assert after is not None
            return texts, hints, len(after.password_credentials or [])

    texts, hints, remaining = run(scenario())
    assert texts == [None]
    assert hints == [identity.secret.get_secret_value()[:3]]
    assert remaining == 0


def test_responses_never_carry_private_fields_or_secrets(emulator: Emulator, identity: Identity) -> None:
    # Read the raw JSON (not the SDK's model, which would drop unknown keys silently).
    context = ssl.create_default_context(cafile=emulator.settings.ca_path)
    request = urllib.request.Request(
        f"{emulator.settings.graph_url}/applications/{identity.app_object_id}",
        headers=admin_headers(emulator.settings, GRAPH_SCOPE),
    )
    with urllib.request.urlopen(request, context=context) as response:
        raw = response.read().decode()
    body = json.loads(raw)
    assert not [key for key in body if key.startswith("_")]
    assert identity.secret.get_secret_value() not in raw


def test_graph_requires_a_bearer_token(emulator: Emulator) -> None:
    context = ssl.create_default_context(cafile=emulator.settings.ca_path)
    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(f"{emulator.settings.graph_url}/applications", context=context)
    assert caught.value.code == 401


def test_every_password_is_a_fresh_random_secret(clients: AzureClients) -> None:
    first = run(make_identity(clients, "one"))
    second = run(make_identity(clients, "two"))
    assert first.app_id != second.app_id
    assert first.secret.get_secret_value() != second.secret.get_secret_value()


def _raw(emulator: Emulator, method: str, path: str) -> tuple[int, dict[str, object]]:
    context = ssl.create_default_context(cafile=emulator.settings.ca_path)
    request = urllib.request.Request(
        f"{emulator.settings.graph_url}{path}",
        method=method,
        headers=admin_headers(emulator.settings, GRAPH_SCOPE),
    )
    try:
        with urllib.request.urlopen(request, context=context) as response:
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read() or b"{}")


def test_deleted_items_answer_the_full_type_cast_too(
    emulator: Emulator, clients: AzureClients, identity: Identity
) -> None:
    async def delete() -> None:
        async with clients.graph_session() as graph:
            await graph.applications.by_application_id(identity.app_object_id).delete()

    run(delete())
    status, body = _raw(emulator, "GET", "/directory/deletedItems/microsoft.graph.application")
    assert status == 200
    assert [item["id"] for item in body["value"]] == [identity.app_object_id]  # type: ignore[index, union-attr]


def test_unserved_paths_and_methods_answer_in_graph_error_shape(emulator: Emulator) -> None:
    status, body = _raw(emulator, "GET", "/users")
    assert status == 400 and body["error"]["code"] == "BadRequest"  # type: ignore[index]
    status, body = _raw(emulator, "PUT", "/applications")
    assert status == 405 and body["error"]["code"] == "Request_BadRequest"  # type: ignore[index]
