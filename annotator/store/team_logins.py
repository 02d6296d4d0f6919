"""PostgreSQL logins of a team: who is connected, and creating, admitting and removing logins.

Rights live in the server: a member of the group role `annotator_team` (created by migration
0005) has the table privileges, row-level security decides which rows, and the `roles` table
says who is a curator. CONNECT on the database is granted per login, so that a login admitted
to one annotator database on a server does not reach another.
"""

from __future__ import annotations

from sqlalchemy import Connection, text

TEAM_ROLE = "annotator_team"


def quote_identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def quote_literal(value: str) -> str:
    # standard_conforming_strings is on (the default since PostgreSQL 9.1): only ' is special.
    return "'" + value.replace("'", "''") + "'"


class TeamLogins:
    """The server's logins as a team; only on PostgreSQL."""

    def __init__(self, connection: Connection) -> None:
        self._c = connection

    @property
    def available(self) -> bool:
        return self._c.dialect.name == "postgresql"

    def current_login(self) -> str:
        return self._c.execute(text("SELECT current_user")).scalar_one()

    def is_owner(self) -> bool:
        """Whether the login owns the database (or is a superuser): it is above the policies."""
        return bool(self._c.execute(text("SELECT annotator_is_owner()")).scalar_one())

    def exists(self, name: str) -> bool:
        found = self._c.execute(
            text("SELECT 1 FROM pg_roles WHERE rolname = :name"), {"name": name}
        ).first()
        return found is not None

    def create_login(self, name: str, password: str | None) -> None:
        statement = f"CREATE ROLE {quote_identifier(name)} LOGIN"
        if password is not None:
            statement += f" PASSWORD {quote_literal(password)}"
        self._c.execute(text(statement))

    def set_password(self, name: str, password: str) -> None:
        self._c.execute(
            text(f"ALTER ROLE {quote_identifier(name)} PASSWORD {quote_literal(password)}")
        )

    def admit(self, name: str, curator: bool) -> None:
        """Make `name` a member of the team in this database (curators may admit others)."""
        database = self._database()
        grant_option = " WITH GRANT OPTION" if curator else ""
        admin_option = " WITH ADMIN OPTION" if curator else ""
        self._c.execute(text(f"GRANT {TEAM_ROLE} TO {quote_identifier(name)}{admin_option}"))
        # Only admitted logins connect: the default CONNECT for every login is taken back.
        self._c.execute(text(f"REVOKE CONNECT ON DATABASE {database} FROM PUBLIC"))
        self._c.execute(
            text(f"GRANT CONNECT ON DATABASE {database} TO {quote_identifier(name)}{grant_option}")
        )

    def dismiss(self, name: str) -> None:
        """Take the login out of the team: no table privileges, and (when the owner runs it)
        no CONNECT on this database. The login itself stays: logins are shared by every
        database of the server."""
        login = quote_identifier(name)
        self._c.execute(text(f"REVOKE {TEAM_ROLE} FROM {login}"))
        # Only the grantor (the owner) can take CONNECT back; for a curator this does nothing.
        self._c.execute(text(f"REVOKE CONNECT ON DATABASE {self._database()} FROM {login} CASCADE"))

    def members(self) -> list[str]:
        """Logins of the team that may connect to this database, by name."""
        rows = self._c.execute(
            text(
                "SELECT r.rolname FROM pg_roles r "
                "WHERE r.rolcanlogin AND NOT r.rolsuper AND r.rolname <> :team "
                "AND pg_has_role(r.oid, :team, 'MEMBER') "
                "AND has_database_privilege(r.oid, current_database(), 'CONNECT') "
                "ORDER BY r.rolname"
            ),
            {"team": TEAM_ROLE},
        )
        return [row[0] for row in rows]

    def _database(self) -> str:
        return quote_identifier(self._c.execute(text("SELECT current_database()")).scalar_one())
