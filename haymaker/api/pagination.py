"""Page parameters and the pagination metadata of the original Azure HayMaker API."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query
from pydantic import BaseModel, Field

from haymaker.api.errors import invalid_parameter

DEFAULT_PAGE_SIZE = 100
MAX_PAGE_SIZE = 500

PageQuery = Annotated[int, Query(ge=1, description="Page number, 1-based; at most total_pages")]
PageSizeQuery = Annotated[
    int, Query(ge=1, le=MAX_PAGE_SIZE, description=f"Items per page, 1-{MAX_PAGE_SIZE}")
]


class Pagination(BaseModel):
    page: int = Field(ge=1)
    page_size: int = Field(ge=1)
    total_items: int = Field(ge=0)
    total_pages: int = Field(ge=0)
    has_next: bool
    has_previous: bool


def paginate(total_items: int, page: int, page_size: int) -> tuple[slice, Pagination]:
    """The slice of the items on `page` and its metadata; 400 when the page is past the end.

    An empty list has zero pages, and its page 1 is an empty page (not an error).
    """
    total_pages = -(-total_items // page_size)
    if page > max(total_pages, 1):
        raise invalid_parameter("page", f"page {page} is past the last page ({total_pages})")
    start = (page - 1) * page_size
    meta = Pagination(
        page=page,
        page_size=page_size,
        total_items=total_items,
        total_pages=total_pages,
        has_next=page < total_pages,
        has_previous=page > 1,
    )
    return slice(start, start + page_size), meta
