"""PostgreSQL: `ledger_transfer_one`, the single posted transfer in one round trip (ADR 0026).

Called only by `ledger.services.transfer_group_execute` for a group of exactly one immediately posted
leg (no resolutions, no billing). It does what the ORM path does, in the same order and under the
same locking policy: claim the group key (INSERT ... ON CONFLICT DO NOTHING: a concurrent duplicate
waits on the UNIQUE index, then finds the winner's row), lock both accounts in pk order, check the
bounds on the locked values, insert the leg and add to the cached totals.

It never raises for a rule: the body runs in a subtransaction (the BEGIN ... EXCEPTION block), so a
refusal or any error undoes the claim and the function returns a status instead, leaving a caller's
outer transaction usable, exactly like the ORM path's savepoint:
- `created`: the new group's id (Python has the rest of the row);
- `replay`: the existing group's row (Python compares its kind and reference with the request);
- `insufficient_funds`: the first bounded account (pk order) past its bound, its kind, what was
  available and what is missing: Python raises the same DomainError the ORM path raises;
- `fallback`: anything unusual (an account missing, a constraint, a deadlock victim, a value too
  long): nothing was changed, and Python runs the ORM path, which raises whatever it raises.
Statement cancellation (statement_timeout) is not caught by WHEN OTHERS and propagates as usual.

SQLite has no such function: the migration does nothing there and the ORM path serves.
A change to the function is a new migration (CREATE OR REPLACE), never an edit of this one.
"""

from django.db import migrations

CREATE = """
CREATE FUNCTION ledger_transfer_one(
    p_key varchar, p_kind varchar, p_reference varchar,
    p_payer bigint, p_payee bigint, p_actor bigint,
    p_gross bigint, p_description varchar, p_at_us bigint,
    p_leg_key varchar, p_code varchar, p_debit bigint, p_credit bigint, p_amount bigint,
    p_currency varchar, p_hold_until timestamptz,
    OUT status text, OUT group_id bigint,
    OUT g_kind varchar, OUT g_reference varchar, OUT g_payer bigint, OUT g_payee bigint,
    OUT g_actor bigint, OUT g_gross bigint, OUT g_description varchar, OUT g_created_at timestamptz,
    OUT account_kind varchar, OUT available bigint, OUT missing bigint
) LANGUAGE plpgsql VOLATILE AS $fn$
DECLARE
    acc record;
    locked int := 0;
    new_debits bigint;
    new_credits bigint;
    -- The instant comes as integer microseconds since the epoch (a datetime parameter costs the
    -- client more to send than anything else here); split so that no float rounds it.
    p_at timestamptz := to_timestamp(p_at_us / 1000000) + mod(p_at_us, 1000000) * interval '1 microsecond';
BEGIN
    BEGIN
        -- 1. Claim the key. READ COMMITTED: the next statement sees a concurrent winner's row.
        INSERT INTO ledger_transfergroup
            (key, kind, reference, payer_id, payee_id, actor_id, gross_cents, description, created_at)
        VALUES (p_key, p_kind, p_reference, p_payer, p_payee, p_actor, p_gross, p_description, p_at)
        ON CONFLICT (key) DO NOTHING
        RETURNING id INTO group_id;
        IF group_id IS NULL THEN
            SELECT g.id, g.kind, g.reference, g.payer_id, g.payee_id, g.actor_id, g.gross_cents,
                   g.description, g.created_at
              INTO group_id, g_kind, g_reference, g_payer, g_payee, g_actor, g_gross,
                   g_description, g_created_at
              FROM ledger_transfergroup g WHERE g.key = p_key;
            status := CASE WHEN group_id IS NULL THEN 'fallback' ELSE 'replay' END;
            RETURN;
        END IF;
        -- 2. Lock both accounts in pk order; check bounds on the locked values (3).
        FOR acc IN
            SELECT a.id, a.kind, a.must_not_go_negative, a.debits_pending, a.debits_posted, a.credits_posted
              FROM ledger_account a WHERE a.id IN (p_debit, p_credit) ORDER BY a.id FOR UPDATE
        LOOP
            locked := locked + 1;
            new_debits := acc.debits_posted + CASE WHEN acc.id = p_debit THEN p_amount ELSE 0 END;
            new_credits := acc.credits_posted + CASE WHEN acc.id = p_credit THEN p_amount ELSE 0 END;
            IF acc.must_not_go_negative AND new_credits < new_debits + acc.debits_pending THEN
                account_kind := acc.kind;
                available := acc.credits_posted - acc.debits_posted - acc.debits_pending;
                missing := new_debits + acc.debits_pending - new_credits;
                RAISE EXCEPTION 'insufficient funds' USING ERRCODE = 'HH001';
            END IF;
        END LOOP;
        IF locked <> 2 THEN
            RAISE EXCEPTION 'account missing' USING ERRCODE = 'HH002';
        END IF;
        -- 4. The leg, then the cached totals, relative to the row.
        INSERT INTO ledger_transfer
            (group_id, key, code, debit_account_id, credit_account_id, amount, posted_amount, currency,
             status, was_pending, reference, hold_until, resolved_group_id, resolved_at, created_at)
        VALUES (group_id, p_leg_key, p_code, p_debit, p_credit, p_amount, p_amount, p_currency,
                'posted', false, p_reference, p_hold_until, NULL, NULL, p_at);
        UPDATE ledger_account a
           SET debits_posted = a.debits_posted + CASE WHEN a.id = p_debit THEN p_amount ELSE 0 END,
               credits_posted = a.credits_posted + CASE WHEN a.id = p_credit THEN p_amount ELSE 0 END
         WHERE a.id IN (p_debit, p_credit);
        status := 'created';
    EXCEPTION
        WHEN SQLSTATE 'HH001' THEN  -- group_id keeps the (now undone) claim's id, as the ORM's row had
            status := 'insufficient_funds';
        WHEN OTHERS THEN
            group_id := NULL;
            status := 'fallback';
    END;
END
$fn$;
"""

DROP = "DROP FUNCTION IF EXISTS ledger_transfer_one"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("ledger", "0005_adjustment_kinds")]
    operations = [migrations.RunPython(create, drop)]
