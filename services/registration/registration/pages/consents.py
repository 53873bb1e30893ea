"""The consent documents (152-ФЗ), each version at its own address, as the form links them."""

from pathlib import Path

from fastapi import APIRouter, HTTPException, Request, status
from fastapi.responses import HTMLResponse
from markupsafe import Markup

from forum_shared.i18n import render, tr

from ..domain import PERSONAL_DATA, PUBLICATION, PUBLISHABLE_FIELDS, VERSIONS, current_version
from .common import pages_of

router = APIRouter(include_in_schema=False)
DOCUMENTS = Path(__file__).resolve().parent.parent / "consents"
TITLES = {
    PERSONAL_DATA: tr("Consent to the processing of personal data"),
    PUBLICATION: tr("Consent to the publication of personal data"),
}


def document_path(name: str, version: str) -> Path:
    return DOCUMENTS / f"{name}-v{version}.html"


@router.get("/consents/{name}/{version}")
async def consent_document(request: Request, name: str, version: str) -> HTMLResponse:
    if name not in VERSIONS or version not in VERSIONS[name]:
        raise HTTPException(status.HTTP_404_NOT_FOUND, tr("there is no such consent document"))
    return pages_of(request).render(
        request,
        "consent.html",
        title=render(TITLES[name]),
        version=version,
        current=version == current_version(name),
        current_url=f"/consents/{name}/{current_version(name)}",
        body=Markup(document_path(name, version).read_text(encoding="utf-8")),
        publishable=PUBLISHABLE_FIELDS,
    )
