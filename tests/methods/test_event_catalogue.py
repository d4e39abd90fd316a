"""The catalogue the coach offers at an event (bot.methods.catalogue.event_catalogue): the shipped one
without the methods the event's pack hides and with those it adds, in objects like the shipped
catalogue's; kept per event and revision, and the same object while its methods stay the same
(the method index is kept per catalogue object)."""

from __future__ import annotations

from sqlalchemy.orm import Session
from support.event_methods import ADDED, HIDDEN, demo_data, methods_section, pack_of

from bot.core.models import Event
from bot.events.loader import load_pack
from bot.events.lookup import CurrentEventCache, get_event
from bot.methods.catalogue import Catalogue, Method, event_catalogue, load_catalogue
from bot.methods.index import method_index
from bot.understanding.encoder import shared_encoder

SLUG = "fenua-innovation-2027"


def loaded(session: Session, data: dict[str, object]) -> Event:
    load_pack(session, pack_of(data), make_current=True)
    event = get_event(session, SLUG)
    assert event is not None
    return event


def test_without_an_event_or_a_methods_section_the_shipped_catalogue_itself_is_offered(
    session: Session, demo_event: Event
) -> None:
    assert event_catalogue(None) is load_catalogue()
    assert event_catalogue(demo_event) is load_catalogue()


def test_an_events_catalogue_lacks_the_methods_it_hides_and_has_those_it_adds(session: Session) -> None:
    catalogue = event_catalogue(loaded(session, demo_data(methods_section())))
    shipped = load_catalogue()
    assert isinstance(catalogue, Catalogue) and catalogue.format == shipped.format
    ids = [method.id for method in catalogue.methods]
    assert ids == [m.id for m in shipped.methods if m.id not in HIDDEN] + ["atelier-prefecture"]
    added = catalogue.by_id()["atelier-prefecture"]
    assert added == Method.model_validate(ADDED)  # every field as the pack wrote it
    hidden = [shipped.by_id()[method_id] for method_id in HIDDEN]
    assert catalogue.per_stage() == {
        stage: count - sum(stage in m.stages for m in hidden) + (stage in added.stages)
        for stage, count in shipped.per_stage().items()
    }


def test_reloading_the_pack_without_the_section_gives_the_shipped_catalogue_back(session: Session) -> None:
    event = loaded(session, demo_data(methods_section()))
    assert "atelier-prefecture" in event_catalogue(event).by_id()
    event = loaded(session, demo_data())
    assert event_catalogue(event) is load_catalogue()


def test_the_catalogue_is_made_again_only_when_the_events_methods_change(session: Session) -> None:
    event = loaded(session, demo_data(methods_section()))
    first = event_catalogue(event)
    assert event_catalogue(event) is first
    renamed = demo_data(methods_section())
    renamed["event"]["name"]["en"] = "Fenua Hackathon"  # a new revision, the same methods
    revision = event.revision
    event = loaded(session, renamed)
    assert event.revision > revision and event_catalogue(event) is first
    fewer = demo_data(methods_section(hide=["crazy-8s"]))
    event = loaded(session, fewer)
    second = event_catalogue(event)
    assert second is not first and {"crazy-8s", *HIDDEN} & set(second.by_id()) == set(HIDDEN)


def test_the_action_servers_copy_of_the_current_event_gives_its_catalogue(session: Session) -> None:
    loaded(session, demo_data(methods_section()))
    session.flush()
    event = CurrentEventCache().get(session)  # detached, its parts loaded
    assert event is not None
    assert "atelier-prefecture" in event_catalogue(event).by_id()


def test_an_events_catalogue_has_a_method_index_of_its_own(session: Session) -> None:
    catalogue = event_catalogue(loaded(session, demo_data(methods_section())))
    encoder = shared_encoder()
    index = method_index(catalogue, encoder)
    assert index is not method_index(load_catalogue(), encoder) and index is method_index(catalogue, encoder)
    relevance = index.relevance("un atelier avec les agents d'accueil au guichet de la préfecture")
    assert "atelier-prefecture" in relevance and not set(HIDDEN) & set(relevance)
