"""The juror's pages (built once the jury's commands and queries are in place)."""

from fastapi import APIRouter

router = APIRouter(include_in_schema=False)
