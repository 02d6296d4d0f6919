"""The curator list kept in the database, and the Actor of a user name with its roles."""

from __future__ import annotations

from annotator.domain.errors import InputError, PermissionDenied
from annotator.domain.layers import Layer
from annotator.services.permissions import Actor
from annotator.store.database import Database
from annotator.store.team_repositories import CURATOR, RoleGrant

__all__ = ["RoleGrant", "actor_for", "add_curator", "list_curators", "remove_curator"]


def _check_name(name: str) -> str:
    # A user name must make a valid layer name, annotator:<name>.
    Layer.annotator(name)
    return name


def actor_for(database: Database, name: str) -> Actor:
    """The Actor for `name`, a curator if the role list in the database says so."""
    _check_name(name)
    with database.uow() as uow:
        return Actor(name, curator=uow.roles.has(name, CURATOR))


def list_curators(database: Database) -> list[RoleGrant]:
    """Every curator, by name, with who granted the role and when."""
    with database.uow() as uow:
        return uow.roles.grants(CURATOR)


def add_curator(database: Database, name: str, acting: str) -> RoleGrant:
    """Make `name` a curator. Only a curator may, except for the very first one.

    Bootstrap: while the list is empty anyone may add the first curator (usually themselves);
    from then on the list is changed by curators only.
    """
    _check_name(name)
    _check_name(acting)
    with database.uow() as uow:
        uow.roles.lock()
        if uow.roles.count(CURATOR) and not uow.roles.has(acting, CURATOR):
            raise PermissionDenied(
                f"{acting} is not a curator; only curators change the curator list"
            )
        if uow.roles.has(name, CURATOR):
            raise InputError(f"{name} is already a curator")
        uow.roles.grant(name, acting, CURATOR)
        grant = next(g for g in uow.roles.grants(CURATOR) if g.user == name)
        uow.commit()
    return grant


def remove_curator(database: Database, name: str, acting: str) -> None:
    """Take the curator role from `name`; the last curator cannot be removed.

    Keeping one curator stops the list from falling back to the bootstrap rule, under which
    anyone could make themselves curator.
    """
    _check_name(name)
    with database.uow() as uow:
        uow.roles.lock()
        if not uow.roles.has(acting, CURATOR):
            raise PermissionDenied(
                f"{acting} is not a curator; only curators change the curator list"
            )
        if not uow.roles.has(name, CURATOR):
            raise InputError(f"{name} is not a curator")
        if uow.roles.count(CURATOR) == 1:
            raise InputError(f"{name} is the last curator; add another curator first")
        uow.roles.revoke(name, CURATOR)
        uow.commit()
