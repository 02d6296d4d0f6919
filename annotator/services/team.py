"""Team mode on PostgreSQL: who is acting (the login), and the team's logins and curators.

On PostgreSQL a person is the role they log in with; the server's row-level security
(migration 0005) decides what they read and write, and `roles` lists the curators. A name
given with --user/--as/$ANNOTATOR_USER must be the login's own; only the database owner, who
is above the policies anyway, may act under another name (scripts, set-up). On SQLite the
name given is trusted: whoever holds the file holds the data.
"""

from __future__ import annotations

import getpass
import os
from dataclasses import dataclass

from annotator.domain.errors import InputError, PermissionDenied
from annotator.domain.layers import Layer
from annotator.services.permissions import Actor
from annotator.store.database import Database
from annotator.store.team_logins import TEAM_ROLE
from annotator.store.team_repositories import CURATOR

USER_VAR = "ANNOTATOR_USER"

__all__ = [
    "TEAM_ROLE",
    "USER_VAR",
    "Login",
    "TeamMember",
    "acting_actor",
    "acting_name",
    "add_member",
    "login_of",
    "remove_member",
    "team_members",
]


@dataclass(frozen=True)
class Login:
    """Who a PostgreSQL connection is: the role name, and whether it owns the database."""

    name: str
    owner: bool


@dataclass(frozen=True)
class TeamMember:
    name: str
    curator: bool


def login_of(database: Database) -> Login | None:
    """The login of a PostgreSQL database; None on SQLite (no logins there)."""
    if database.is_sqlite:
        return None
    with database.uow() as uow:
        return Login(uow.logins.current_login(), uow.logins.is_owner())


def claimed_name(given: str | None = None) -> str | None:
    """The name a user gave (an option, else $ANNOTATOR_USER), if any."""
    return given or os.environ.get(USER_VAR) or None


def acting_name(database: Database, given: str | None = None) -> str:
    """Who acts: on PostgreSQL the login (a different name given is refused unless the login
    owns the database); on SQLite the name given, else $ANNOTATOR_USER, else the system login.
    """
    claimed = claimed_name(given)
    login = login_of(database)
    if login is None:
        return claimed or getpass.getuser()
    if claimed and claimed != login.name and not login.owner:
        raise InputError(
            f"you are logged in to {database.describe()} as {login.name}; on a team database "
            f"you act as your login, so --user/--as/${USER_VAR} {claimed!r} is refused. To act "
            f"as {claimed}, connect as that login (--db postgresql+psycopg://{claimed}@…)"
        )
    return claimed or login.name


def acting_actor(database: Database, given: str | None = None) -> Actor:
    """The Actor of `acting_name`; a curator if `roles` lists them (or the owner acts as
    itself)."""
    name = acting_name(database, given)
    Layer.annotator(name)  # a user name must make a valid layer name
    login = login_of(database)
    with database.uow() as uow:
        curator = uow.roles.has(name, CURATOR)
    if login is not None and login.owner and name == login.name:
        curator = True
    return Actor(name, curator=curator)


def _team_database(database: Database) -> Login:
    login = login_of(database)
    if login is None:
        raise InputError(
            "team logins exist on PostgreSQL only; a SQLite database belongs to "
            "whoever holds the file (see `annotator curator` for its curators)"
        )
    return login


def _check_manager(database: Database, login: Login) -> None:
    if login.owner:
        return
    with database.uow() as uow:
        if uow.roles.has(login.name, CURATOR):
            return
    raise PermissionDenied(
        f"{login.name}: changing the team needs the curator role (or the database owner's login)"
    )


def team_members(database: Database) -> list[TeamMember]:
    """The team's logins in this database, curators marked (curators without a login too)."""
    _team_database(database)
    with database.uow() as uow:
        logins = set(uow.logins.members())
        curators = {grant.user for grant in uow.roles.grants(CURATOR)}
    return [TeamMember(name, name in curators) for name in sorted(logins | curators)]


def add_member(
    database: Database, name: str, curator: bool, password: str | None = None
) -> list[str]:
    """Create the login `name` if missing, admit it to this database's team, and list it as a
    curator if asked. Returns what was done, one line each."""
    Layer.annotator(name)  # the login's layer is annotator:<name>
    if password is not None and "\0" in password:
        raise InputError("a password cannot hold a NUL character")
    login = _team_database(database)
    _check_manager(database, login)
    done: list[str] = []
    with database.uow() as uow:
        uow.roles.lock()
        if not uow.logins.exists(name):
            uow.logins.create_login(name, password)
            done.append(
                f"login {name} created"
                + (" with a password" if password else " (no password: peer or certificate login)")
            )
        elif password is not None:
            uow.logins.set_password(name, password)
            done.append(f"password of {name} changed")
        uow.logins.admit(name, curator)
        done.append(f"{name} may connect to this database as a member of {TEAM_ROLE}")
        if curator and not uow.roles.has(name, CURATOR):
            uow.roles.grant(name, login.name, CURATOR)
            done.append(f"{name} is a curator (added by {login.name})")
        elif not curator and uow.roles.has(name, CURATOR):
            uow.roles.revoke(name, CURATOR)
            done.append(f"{name} is no longer a curator")
        uow.commit()
    return done


def remove_member(database: Database, name: str) -> list[str]:
    """Take `name`'s access to this database and curator role; the login stays on the server
    (other databases may use it), as do the annotations it made."""
    login = _team_database(database)
    _check_manager(database, login)
    if name == login.name:
        raise InputError(f"{name} is your own login; another curator or the owner removes it")
    done: list[str] = []
    with database.uow() as uow:
        uow.roles.lock()
        if uow.roles.has(name, CURATOR):
            uow.roles.revoke(name, CURATOR)
            done.append(f"{name} is no longer a curator")
        if uow.logins.exists(name):
            uow.logins.dismiss(name)
            done.append(f"{name} is no longer a member of the team")
        elif not done:
            raise InputError(f"{name} is not a member of the team")
        uow.commit()
    return done
