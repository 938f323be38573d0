"""ARM's error codes and messages, worded as Azure words them."""

from __future__ import annotations

from haymaker.emulator.core.errors import EmulatorHTTPError

NOT_FOUND_HELP = "For more details please go to https://aka.ms/ARMResourceNotFoundFix"


def arm_error(
    status: int, code: str, message: str, headers: dict[str, str] | None = None
) -> EmulatorHTTPError:
    return EmulatorHTTPError(status, code, message, headers, shape="arm")


def resource_not_found(resource_id: str, resource_group: str | None) -> EmulatorHTTPError:
    _, _, tail = resource_id.rpartition("/providers/")
    where = f" under resource group '{resource_group}'" if resource_group else ""
    return arm_error(
        404,
        "ResourceNotFound",
        f"The Resource '{tail or resource_id}'{where} was not found. {NOT_FOUND_HELP}",
    )


def resource_group_not_found(name: str) -> EmulatorHTTPError:
    return arm_error(404, "ResourceGroupNotFound", f"Resource group '{name}' could not be found.")


def subscription_not_found(subscription: str) -> EmulatorHTTPError:
    return arm_error(404, "SubscriptionNotFound", f"The subscription '{subscription}' could not be found.")


def parent_not_found(type_name: str, parent_id: str) -> EmulatorHTTPError:
    return arm_error(
        404,
        "ParentResourceNotFound",
        f"Failed to perform 'write' on resource(s) of type '{type_name}', because the parent "
        f"resource '{parent_id}' could not be found.",
    )


def scope_locked(scope: str, operation: str, locked_scopes: list[str]) -> EmulatorHTTPError:
    scopes = ",".join(f"'{s}'" for s in locked_scopes)
    return arm_error(
        409,
        "ScopeLocked",
        f"The scope '{scope}' cannot perform {operation} operation because following scope(s) "
        f"are locked: {scopes}. Please remove the lock and try again.",
    )


def location_required() -> EmulatorHTTPError:
    return arm_error(400, "LocationRequired", "The location property is required for this definition.")


def invalid_content(detail: str) -> EmulatorHTTPError:
    return arm_error(
        400,
        "InvalidRequestContent",
        f"The request content was invalid and could not be deserialized: '{detail}'.",
    )


def invalid_reference(reference: str, resource_id: str) -> EmulatorHTTPError:
    return arm_error(
        400,
        "InvalidResourceReference",
        f"Resource {reference} referenced by resource {resource_id} was not found. Please make "
        "sure that the referenced resource exists, and that both resources are in the same region.",
    )


def unsupported_filter(expression: str) -> EmulatorHTTPError:
    return arm_error(
        400,
        "InvalidFilterInQueryString",
        f"The filter '{expression}' is not supported. Supported: tagName eq '...' [and tagValue "
        "eq '...'], resourceType eq '...', name eq '...', location eq '...' joined by 'and'.",
    )
