"""Analyst review of incidents: confirm, reject, merge or split, with a comment, into an audit log.

A review never rewrites the incident's facts: the clusterer owns those. It records the analyst's
decision (who, when, what, why) in the store's review log and sets the incident's ``review_status``
(``merge_requested``/``split_requested`` flag the incident for the next clustering pass or a human fix).
Writes need ``Authorization: Bearer <token>``; reads do not.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Header, HTTPException, Path, Query

from proxywatch.models import Incident
from proxywatch.serve import views
from proxywatch.serve.app import ServeState, state_of
from proxywatch.serve.schemas import ReviewIn, ReviewOut, ReviewResult
from proxywatch.store.base import ReviewEntry, Store

STATUS_OF = {
    "confirm": "confirmed",
    "reject": "rejected",
    "merge": "merge_requested",
    "split": "split_requested",
}

router = APIRouter()
State = Annotated[ServeState, Depends(state_of)]
_IdPath = Path(pattern=r"^[A-Za-z0-9_.:\-]{1,80}$")


def review_incident(
    store: Store,
    incident_id: str,
    action: str,
    *,
    comment: str | None = None,
    other_id: str | None = None,
    who: str | None = None,
) -> tuple[ReviewEntry, Incident]:
    """Record one review and set the incident's status; return the log entry and the updated incident.

    ``merge`` needs ``other_id``, the incident this one duplicates; it is kept in the log's comment.
    Raises ``LookupError`` for an unknown incident and ``ValueError`` for a bad action or merge target.
    """
    if action not in STATUS_OF:
        raise ValueError(f"unknown review action {action!r}; actions are {', '.join(STATUS_OF)}")
    if not store.get_incidents([incident_id]):
        raise LookupError(f"no incident {incident_id}")
    note = (comment or "").strip() or None
    if action == "merge":
        if not other_id or other_id == incident_id:
            raise ValueError("merge needs other_id: the id of another incident this one duplicates")
        if not store.get_incidents([other_id]):
            raise LookupError(f"no incident {other_id} to merge with")
        note = f"[merge with {other_id}] {note}" if note else f"[merge with {other_id}]"
    entry = store.add_review(incident_id, action, review_status=STATUS_OF[action], comment=note, who=who)
    return entry, store.get_incidents([incident_id])[0]


def require_token(state: State, authorization: Annotated[str | None, Header()] = None) -> None:
    if state.token is None:
        raise HTTPException(403, "writes are disabled: start the server with PROXYWATCH_TOKEN set")
    if not state.token_ok(authorization):
        raise HTTPException(
            401, "a write needs Authorization: Bearer <token>", {"WWW-Authenticate": "Bearer"}
        )


@router.post(
    "/incidents/{incident_id}/review",
    response_model=ReviewResult,
    dependencies=[Depends(require_token)],
    summary="Confirm, reject, merge or split an incident (needs the token)",
    responses={401: {"description": "No or wrong token"}, 403: {"description": "Writes disabled"}},
)
def post_review(state: State, incident_id: Annotated[str, _IdPath], body: ReviewIn) -> ReviewResult:
    try:
        entry, incident = review_incident(
            state.store(),
            incident_id,
            body.action,
            comment=body.comment,
            other_id=body.other_id,
            who=body.who,
        )
    except LookupError as exc:
        raise HTTPException(404, str(exc)) from exc
    except ValueError as exc:
        raise HTTPException(422, str(exc)) from exc
    return ReviewResult(review=views.review_out(entry), incident=views.incident_out(incident, state.names()))


@router.get("/reviews", response_model=list[ReviewOut], summary="The review audit log, newest first")
def list_reviews(
    state: State,
    incident_id: Annotated[str | None, Query(max_length=80)] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> list[ReviewOut]:
    return [views.review_out(r) for r in state.store().reviews(incident_id, limit=limit)]
