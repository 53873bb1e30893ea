"""The public's pages: a contest's results, the library of best practices, the plenary screen.
Nothing is shown before the announcement."""

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from ..publications import library, public_results, spheres_of
from .common import PagesDep, StoreDep

router = APIRouter(include_in_schema=False)
POLL_SECONDS = 3


@router.get("/results/{contest_id}")
async def results_page(
    contest_id: str, request: Request, pages: PagesDep, store: StoreDep
) -> HTMLResponse:
    contest = await store.contest(contest_id)
    results = await public_results(store, contest_id)
    return pages.render(request, "results.html", contest=contest, results=results)


@router.get("/library")
async def library_page(
    request: Request,
    pages: PagesDep,
    store: StoreDep,
    sphere: str = "",
    year: str = "",
) -> HTMLResponse:
    chosen_year = int(year) if year.isdigit() else None
    found = await library(store, pages.zone, sphere or None, chosen_year)
    return pages.render(
        request,
        "library.html",
        library=found,
        by_sphere=spheres_of(found.practices),
        sphere_options=[(title, title) for title in found.spheres],
        year_options=[(str(y), str(y)) for y in found.years],
        sphere=sphere,
        year=str(chosen_year or ""),
    )


@router.get("/screen/{contest_id}")
async def screen_page(
    contest_id: str, request: Request, pages: PagesDep, store: StoreDep
) -> HTMLResponse:
    contest = await store.contest(contest_id)
    results = await public_results(store, contest_id)
    return pages.render(
        request,
        "screen.html",
        contest=contest,
        results=results,
        poll_seconds=POLL_SECONDS,
    )


@router.get("/screen/{contest_id}/live")
async def screen_live(contest_id: str, pages: PagesDep, store: StoreDep) -> HTMLResponse:
    """The screen's changing part alone: the waiting notice, or the winners once announced."""
    contest = await store.contest(contest_id)
    results = await public_results(store, contest_id)
    fragment = pages.env.get_template("_screen_content.html")
    return HTMLResponse(fragment.render(contest=contest, results=results))
