-- Store logins must not reach the master database (issue 14, finding 7). Databases grant CONNECT
-- and TEMPORARY to PUBLIC by default, so on a server the platform shares with its stores (the
-- default managed PostgreSQL server is the master's own) every store login could connect here and
-- list what the catalogs show. Only the owner (or a superuser) may change that, and the master may
-- live on a server the platform does not own: when the migrating login cannot, this warns and
-- changes nothing (the operator revokes it, see docs/security.md). Repeatable: it runs again
-- whenever this file changes.
DO $$
DECLARE
  master text := current_database();
  owner oid := (SELECT datdba FROM pg_database WHERE datname = current_database());
BEGIN
  IF pg_has_role(current_user, owner, 'USAGE') THEN
    EXECUTE format('REVOKE ALL ON DATABASE %I FROM PUBLIC', master);
    EXECUTE format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO %I', master, current_user);
  ELSE
    RAISE WARNING 'CONNECT on the master database % stays granted to PUBLIC: % does not own it. Run REVOKE ALL ON DATABASE % FROM PUBLIC as its owner.', master, current_user, master;
  END IF;
END
$$;
