"""The ledger's guards and hash chain, in PostgreSQL itself (installed by operations/migrations/0001_ledger).

- ``ledger_guard``: BEFORE UPDATE OR DELETE on each protected table. DELETE is refused; UPDATE is refused when a
  frozen column (money, dates, who, which committee, transaction id) changes. The columns the app legitimately
  updates (receipt status, dispute status, a merged donor, bookkeeping timestamps) stay writable, and every such
  update is chained like an insert.
- ``ledger_report_guard``: a report is never deleted; once filed, only ``needs_amendment`` may change.
- ``ledger_chain``: AFTER INSERT OR UPDATE on each chained table. Under one transaction-scoped advisory lock it
  appends to ``audit_ledgerlink`` the row as written and sha256(prev_hash|table|id|op|sha256(row)). Nothing in
  the app's write path has to remember it.

A superuser can still disable triggers; that is what ``ledger_verify`` (audit.ledger) detects afterwards, and why
the chain head is published outside the database (operations.services.ledger)."""

from audit.ledger import LEDGER_TABLES

# Table -> columns no UPDATE may change. Chained tables also get a link per insert and update.
FROZEN: dict[str, tuple[str, ...]] = {
    "donations_contribution": (
        "id",
        "committee_id",
        "donation_id",
        "election_id",
        "amount",
        "received_at",
        "date_received",
        "transaction_id",
        "stripe_payment_intent_id",
        "stripe_charge_id",
        "receipt_type",
        "created_at",
    ),
    "donations_refund": (
        "id",
        "committee_id",
        "contribution_id",
        "kind",
        "amount",
        "refunded_at",
        "date_refunded",
        "transaction_id",
        "stripe_refund_id",
        "stripe_dispute_id",
        "created_at",
    ),
    "compliance_disbursement": ("id", "committee_id", "amount", "date_disbursed", "transaction_id", "created_at"),
    # The audit log: nothing in it ever changes.
    "compliance_auditevent": (
        "id",
        "occurred_at",
        "actor_id",
        "actor_label",
        "action",
        "object_type",
        "object_id",
        "before",
        "after",
        "reason",
    ),
    # A checkout's money fields (its status moves; the donor moves on a merge).
    "donations_donation": ("id", "public_id", "committee_id", "amount", "created_at"),
}
CHAINED = LEDGER_TABLES
LOCK_KEY = 7415001  # pg_advisory_xact_lock key of the chain

FUNCTIONS = f"""
CREATE OR REPLACE FUNCTION ledger_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  col text;
  old_doc jsonb;
  new_doc jsonb;
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'ledger: % rows are never deleted (id %)', TG_TABLE_NAME, OLD.id
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  old_doc := to_jsonb(OLD);
  new_doc := to_jsonb(NEW);
  FOREACH col IN ARRAY TG_ARGV LOOP
    IF old_doc -> col IS DISTINCT FROM new_doc -> col THEN
      RAISE EXCEPTION 'ledger: %.% is append-only (id %)', TG_TABLE_NAME, col, OLD.id
        USING ERRCODE = 'insufficient_privilege';
    END IF;
  END LOOP;
  RETURN NEW;
END $$;

CREATE OR REPLACE FUNCTION ledger_report_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'ledger: reports are never deleted (id %)', OLD.id USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF OLD.filed_at IS NOT NULL
     AND to_jsonb(OLD) - 'needs_amendment' - 'updated_at'
         IS DISTINCT FROM to_jsonb(NEW) - 'needs_amendment' - 'updated_at'
  THEN
    RAISE EXCEPTION 'ledger: report % is filed and cannot change; amend it', OLD.id
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END $$;

CREATE OR REPLACE FUNCTION ledger_append(tbl text, rid bigint, doc jsonb, op text) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  digest text := encode(sha256(convert_to(doc::text, 'UTF8')), 'hex');
  prev text;
BEGIN
  PERFORM pg_advisory_xact_lock({LOCK_KEY});
  SELECT hash INTO prev FROM audit_ledgerlink ORDER BY id DESC LIMIT 1;
  prev := coalesce(prev, repeat('0', 64));
  INSERT INTO audit_ledgerlink (table_name, row_id, committee_id, op, row_data, row_digest, prev_hash, hash,
                                recorded_at)
  VALUES (tbl, rid, (doc ->> 'committee_id')::bigint, op, doc, digest, prev,
          encode(sha256(convert_to(prev || '|' || tbl || '|' || rid::text || '|' || op || '|' || digest, 'UTF8')),
                 'hex'),
          now());
END $$;

CREATE OR REPLACE FUNCTION ledger_chain() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND to_jsonb(OLD) = to_jsonb(NEW) THEN
    RETURN NULL;
  END IF;
  PERFORM ledger_append(TG_TABLE_NAME, NEW.id, to_jsonb(NEW), left(TG_OP, 1));
  RETURN NULL;
END $$;
"""


def install_sql() -> list[str]:
    statements = [FUNCTIONS]
    for table, columns in FROZEN.items():
        args = ", ".join(f"'{column}'" for column in columns)
        statements.append(
            f"CREATE TRIGGER ledger_guard BEFORE UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION ledger_guard({args});"
        )
    statements.append(
        "CREATE TRIGGER ledger_guard BEFORE UPDATE OR DELETE ON compliance_report "
        "FOR EACH ROW EXECUTE FUNCTION ledger_report_guard();"
    )
    for table in CHAINED:
        # Rows already there enter the chain in id order, table by table.
        statements.append(
            f"SELECT ledger_append('{table}', t.id, to_jsonb(t), 'I') FROM (SELECT * FROM {table} ORDER BY id) t;"
        )
        statements.append(
            f"CREATE TRIGGER ledger_chain AFTER INSERT OR UPDATE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION ledger_chain();"
        )
    return statements


def uninstall_sql() -> list[str]:
    statements = [f"DROP TRIGGER IF EXISTS ledger_guard ON {table};" for table in (*FROZEN, "compliance_report")]
    statements += [f"DROP TRIGGER IF EXISTS ledger_chain ON {table};" for table in CHAINED]
    statements.append(
        "DROP FUNCTION IF EXISTS ledger_chain(), ledger_append(text, bigint, jsonb, text), ledger_guard(), "
        "ledger_report_guard();"
    )
    return statements
