"""team mode on PostgreSQL: a team group role, its grants, and row-level security policies

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06 01:00:00

On PostgreSQL each person logs in with their own role; members of the group role
`annotator_team` get table privileges, and policies decide which rows they see and write:
an annotator their own layer (plus documents and, outside their blind documents, the
prediction layers), a curator (listed in `roles`) everything. The database owner, who runs
the migrations, is not subject to the policies (FORCE is not used). On SQLite it does nothing.
"""

from __future__ import annotations

from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

TEAM_ROLE = "annotator_team"

# Tables whose rows belong to a layer: read and written by the layer rules.
_LAYER_TABLES = ("entities", "segments", "metrics", "document_states")
# Tables everyone in the team reads and only curators write.
_CURATOR_WRITES = ("documents", "roles", "settings", "labels")
# Tables only curators read or write.
_CURATOR_ONLY = ("curation_decisions", "releases")
_ALL_TABLES = (*_LAYER_TABLES, *_CURATOR_WRITES, *_CURATOR_ONLY, "layers", "metric_fields",
               "suggestion_reviews")

_FUNCTIONS = r"""
CREATE OR REPLACE FUNCTION annotator_is_owner() RETURNS boolean
LANGUAGE sql STABLE AS $$
  SELECT pg_has_role(current_user, d.datdba, 'MEMBER')
         OR (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)
  FROM pg_database d WHERE d.datname = current_database()
$$;

CREATE OR REPLACE FUNCTION annotator_is_curator() RETURNS boolean
LANGUAGE sql STABLE AS $$
  SELECT annotator_is_owner()
      OR EXISTS (SELECT 1 FROM roles WHERE user_name = current_user AND role = 'curator')
$$;

-- The same number as services.project_settings.blind_position: the first 8 bytes of
-- sha256("<annotator>\n<doc_id>") as an unsigned integer over 2**64, as a double.
CREATE OR REPLACE FUNCTION annotator_blind_position(annotator text, doc_id text)
RETURNS double precision LANGUAGE sql IMMUTABLE AS $$
  SELECT ((s::numeric + CASE WHEN s < 0 THEN 18446744073709551616 ELSE 0 END)
          / 18446744073709551616)::double precision
  FROM (SELECT ('x' || encode(substring(sha256(convert_to(annotator || E'\n' || doc_id,
                                                          'UTF8')) FROM 1 FOR 8), 'hex'))
               ::bit(64)::bigint AS s) AS h
$$;

CREATE OR REPLACE FUNCTION annotator_is_blind(document integer) RETURNS boolean
LANGUAGE sql STABLE AS $$
  SELECT COALESCE(annotator_blind_position(current_user, d.doc_id)
                  < (SELECT value::double precision FROM settings WHERE key = 'blind_share'),
                  false)
  FROM documents d WHERE d.id = document
$$;

CREATE OR REPLACE FUNCTION annotator_may_write(layer integer) RETURNS boolean
LANGUAGE sql STABLE AS $$
  SELECT annotator_is_curator()
      OR EXISTS (SELECT 1 FROM layers l WHERE l.id = layer
                 AND l.name = 'annotator:' || current_user)
$$;

CREATE OR REPLACE FUNCTION annotator_may_read(layer integer, document integer) RETURNS boolean
LANGUAGE sql STABLE AS $$
  SELECT annotator_is_curator()
      OR EXISTS (SELECT 1 FROM layers l WHERE l.id = layer
                 AND (l.name = 'annotator:' || current_user
                      OR (l.kind = 'pred' AND NOT annotator_is_blind(document))))
$$;

-- The right a layer needs, named for the refusal a user reads; NULL when it is granted.
CREATE OR REPLACE FUNCTION annotator_layer_refusal(layer_name text, writing boolean)
RETURNS text LANGUAGE sql STABLE AS $$
  SELECT CASE
    WHEN annotator_is_curator() OR layer_name = 'annotator:' || current_user THEN NULL
    WHEN layer_name = 'gold' THEN
      CASE WHEN writing THEN 'writing the gold layer needs the curator role'
           ELSE 'reading the gold layer needs the curator role' END
    WHEN layer_name LIKE 'pred:%' AND NOT writing THEN NULL
    WHEN layer_name LIKE 'pred:%' THEN
      'writing prediction layer ' || layer_name || ' needs the curator role'
    WHEN writing THEN 'writing layer ' || layer_name || ' needs the curator role (an '
                      || 'annotator writes only annotator:' || current_user || ')'
    ELSE 'reading layer ' || layer_name || ' needs the curator role (an annotator reads '
         || 'only annotator:' || current_user || ', documents and prediction layers)'
  END
$$;

-- Called by the store before it reads or writes a layer: refuses with insufficient_privilege
-- (42501) and the right that is needed, instead of an empty answer filtered by the policies.
CREATE OR REPLACE FUNCTION annotator_check_layer(layer_name text, writing boolean)
RETURNS boolean LANGUAGE plpgsql STABLE AS $$
DECLARE
  refusal text := annotator_layer_refusal(layer_name, writing);
BEGIN
  IF refusal IS NOT NULL THEN
    RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
      MESSAGE = format('%s: %s', current_user, refusal);
  END IF;
  RETURN true;
END
$$;

-- The same for what only curators read (releases): a refusal rather than an empty list.
CREATE OR REPLACE FUNCTION annotator_check_curator(what text)
RETURNS boolean LANGUAGE plpgsql STABLE AS $$
BEGIN
  IF NOT annotator_is_curator() THEN
    RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
      MESSAGE = format('%s: %s needs the curator role', current_user, what);
  END IF;
  RETURN true;
END
$$;
"""

_DROP_FUNCTIONS = """
DROP FUNCTION IF EXISTS annotator_check_curator(text);
DROP FUNCTION IF EXISTS annotator_check_layer(text, boolean);
DROP FUNCTION IF EXISTS annotator_layer_refusal(text, boolean);
DROP FUNCTION IF EXISTS annotator_may_read(integer, integer);
DROP FUNCTION IF EXISTS annotator_may_write(integer);
DROP FUNCTION IF EXISTS annotator_is_blind(integer);
DROP FUNCTION IF EXISTS annotator_blind_position(text, text);
DROP FUNCTION IF EXISTS annotator_is_curator();
DROP FUNCTION IF EXISTS annotator_is_owner();
"""

# Roles are shared by every database of a server: create the group only once, tolerating a
# concurrent creation by another database's upgrade.
_CREATE_TEAM_ROLE = f"""
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{TEAM_ROLE}') THEN
    CREATE ROLE {TEAM_ROLE} NOLOGIN;
  END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END
$$;
"""


def _policies() -> list[str]:
    statements = []
    for table in _LAYER_TABLES:
        statements += [
            f"CREATE POLICY team_read ON {table} FOR SELECT "
            "USING (annotator_may_read(layer_id, document_id))",
            f"CREATE POLICY team_insert ON {table} FOR INSERT "
            "WITH CHECK (annotator_may_write(layer_id))",
            f"CREATE POLICY team_update ON {table} FOR UPDATE "
            "USING (annotator_may_write(layer_id)) WITH CHECK (annotator_may_write(layer_id))",
            f"CREATE POLICY team_delete ON {table} FOR DELETE "
            "USING (annotator_may_write(layer_id))",
        ]
    for table in _CURATOR_WRITES:
        statements += [
            f"CREATE POLICY team_read ON {table} FOR SELECT USING (true)",
            f"CREATE POLICY team_write ON {table} FOR ALL USING (annotator_is_curator()) "
            "WITH CHECK (annotator_is_curator())",
        ]
    for table in _CURATOR_ONLY:
        statements.append(f"CREATE POLICY team_curator ON {table} FOR ALL "
                          "USING (annotator_is_curator()) WITH CHECK (annotator_is_curator())")
    statements += [
        # Layer names are no secret (their content is): an annotator creates only their own.
        "CREATE POLICY team_read ON layers FOR SELECT USING (true)",
        "CREATE POLICY team_insert ON layers FOR INSERT WITH CHECK (annotator_is_curator() "
        "OR name = 'annotator:' || current_user)",
        "CREATE POLICY team_update ON layers FOR UPDATE USING (annotator_is_curator())",
        "CREATE POLICY team_delete ON layers FOR DELETE USING (annotator_is_curator())",
        # A metric's fields follow their metric, whose own policies already apply here.
        "CREATE POLICY team_read ON metric_fields FOR SELECT "
        "USING (EXISTS (SELECT 1 FROM metrics m WHERE m.id = metric_id))",
        "CREATE POLICY team_write ON metric_fields FOR ALL "
        "USING (EXISTS (SELECT 1 FROM metrics m WHERE m.id = metric_id "
        "AND annotator_may_write(m.layer_id))) "
        "WITH CHECK (EXISTS (SELECT 1 FROM metrics m WHERE m.id = metric_id "
        "AND annotator_may_write(m.layer_id)))",
        "CREATE POLICY team_own ON suggestion_reviews FOR ALL "
        "USING (annotator = current_user OR annotator_is_curator()) "
        "WITH CHECK (annotator = current_user OR annotator_is_curator())",
    ]
    return statements


def upgrade() -> None:
    if op.get_context().dialect.name != "postgresql":
        return
    op.execute(_CREATE_TEAM_ROLE)
    op.execute(_FUNCTIONS)
    for table in _ALL_TABLES:
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON {table} TO {TEAM_ROLE}")
    op.execute(f"GRANT SELECT ON alembic_version TO {TEAM_ROLE}")
    schema = op.get_bind().exec_driver_sql("SELECT current_schema()").scalar()
    op.execute(f'GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA "{schema}" TO {TEAM_ROLE}')
    for statement in _policies():
        op.execute(statement)


def downgrade() -> None:
    if op.get_context().dialect.name != "postgresql":
        return
    for table in _ALL_TABLES:
        op.execute(f"DROP POLICY IF EXISTS team_read ON {table}")
        for name in ("team_insert", "team_update", "team_delete", "team_write", "team_curator",
                     "team_own"):
            op.execute(f"DROP POLICY IF EXISTS {name} ON {table}")
        op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
        op.execute(f"REVOKE ALL ON {table} FROM {TEAM_ROLE}")
    op.execute(f"REVOKE ALL ON alembic_version FROM {TEAM_ROLE}")
    schema = op.get_bind().exec_driver_sql("SELECT current_schema()").scalar()
    op.execute(f'REVOKE ALL ON ALL SEQUENCES IN SCHEMA "{schema}" FROM {TEAM_ROLE}')
    op.execute(_DROP_FUNCTIONS)
    # The group role stays: other databases of the same server may use it.
