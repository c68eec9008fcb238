import Logging
import PinganStore
import PostgresNIO

/// The schema of the PostgreSQL store: the same tables, columns and rules as `SQLiteMigrations`,
/// one migration per change, never edited once released.
///
/// Types are chosen so every value round-trips exactly as in SQLite: SQLite's INTEGER is 64-bit,
/// so integers are BIGINT; REAL is DOUBLE PRECISION; the payload is TEXT, never JSONB, because
/// the audit hash covers its bytes and JSONB would re-encode them. Path and ID columns use the
/// "C" collation so that comparisons and `ORDER BY` follow byte order, as SQLite's BINARY does;
/// the scope range from `ProjectionRow.range(of:)` relies on it.
enum PostgresMigrations {
    struct Migration: Sendable {
        /// Recorded in `pingan_migrations` once applied; the same names as the SQLite migrations.
        let identifier: String
        /// One statement each: the extended query protocol runs a single statement per query.
        let statements: [String]
    }

    /// Key of the transaction-scoped advisory lock that serialises migrations, so several
    /// instances starting at once apply each migration exactly once ("pingan" in ASCII).
    static let lockKey: Int64 = 0x7069_6E67_616E

    static let all: [Migration] = [
        Migration(identifier: "v1: event log, projections, counters, idempotency, sessions", statements: [
            """
            CREATE TABLE events (
                seq BIGINT PRIMARY KEY,
                at_ms BIGINT NOT NULL,
                actor_id TEXT NOT NULL,
                actor_name TEXT NOT NULL,
                command TEXT NOT NULL,
                type TEXT NOT NULL,
                subject TEXT NOT NULL,
                path TEXT COLLATE "C" NOT NULL,
                payload TEXT NOT NULL,
                prev_hash TEXT NOT NULL,
                hash TEXT NOT NULL
            )
            """,
            "CREATE INDEX events_path ON events (path, seq)",
            "CREATE TABLE chain_head (id INTEGER PRIMARY KEY CHECK (id = 1), seq BIGINT NOT NULL, hash TEXT NOT NULL)",
            // The head row exists from the start so every append can lock it with FOR UPDATE;
            // (0, genesis) is what SQLite's missing row means.
            "INSERT INTO chain_head (id, seq, hash) VALUES (1, 0, '\(AuditChain.genesis)')",
            """
            CREATE FUNCTION events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'the event log is append-only';
            END
            $$
            """,
            "CREATE TRIGGER events_no_update BEFORE UPDATE ON events FOR EACH ROW EXECUTE FUNCTION events_append_only()",
            "CREATE TRIGGER events_no_delete BEFORE DELETE ON events FOR EACH ROW EXECUTE FUNCTION events_append_only()",
            // TRUNCATE fires no row triggers; without this one it would empty the log silently.
            "CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events FOR EACH STATEMENT EXECUTE FUNCTION events_append_only()",

            """
            CREATE TABLE jurisdictions (id TEXT COLLATE "C" PRIMARY KEY, path TEXT COLLATE "C" NOT NULL,
                                        version BIGINT NOT NULL, doc TEXT NOT NULL)
            """,
            "CREATE INDEX jurisdictions_path ON jurisdictions (path)",
            """
            CREATE TABLE posts (id TEXT COLLATE "C" PRIMARY KEY, path TEXT COLLATE "C" NOT NULL,
                                version BIGINT NOT NULL, doc TEXT NOT NULL)
            """,
            "CREATE INDEX posts_path ON posts (path)",
            """
            CREATE TABLE zones (id TEXT COLLATE "C" PRIMARY KEY, path TEXT COLLATE "C" NOT NULL,
                                version BIGINT NOT NULL, doc TEXT NOT NULL)
            """,
            "CREATE INDEX zones_path ON zones (path)",
            """
            CREATE TABLE units (id TEXT COLLATE "C" PRIMARY KEY, path TEXT COLLATE "C" NOT NULL,
                                version BIGINT NOT NULL, doc TEXT NOT NULL)
            """,
            "CREATE INDEX units_path ON units (path)",
            """
            CREATE TABLE users (id TEXT COLLATE "C" PRIMARY KEY, path TEXT COLLATE "C" NOT NULL,
                                version BIGINT NOT NULL, doc TEXT NOT NULL,
                                username TEXT NOT NULL CONSTRAINT users_username_key UNIQUE)
            """,
            "CREATE INDEX users_path ON users (path)",
            """
            CREATE TABLE incidents (
                id TEXT COLLATE "C" PRIMARY KEY, path TEXT COLLATE "C" NOT NULL, version BIGINT NOT NULL, doc TEXT NOT NULL,
                status TEXT NOT NULL, category TEXT NOT NULL, priority BIGINT NOT NULL,
                received_at DOUBLE PRECISION NOT NULL, lat DOUBLE PRECISION NOT NULL, lon DOUBLE PRECISION NOT NULL,
                jurisdiction_id TEXT NOT NULL, search TEXT NOT NULL
            )
            """,
            "CREATE INDEX incidents_path ON incidents (path, received_at)",
            "CREATE INDEX incidents_received ON incidents (received_at)",
            "CREATE INDEX incidents_status ON incidents (status, received_at)",

            "CREATE TABLE counters (key TEXT PRIMARY KEY, value BIGINT NOT NULL)",
            """
            CREATE TABLE idempotency (key TEXT CONSTRAINT idempotency_pkey PRIMARY KEY, request_hash TEXT NOT NULL,
                                      status BIGINT NOT NULL, body TEXT NOT NULL, created_at DOUBLE PRECISION NOT NULL)
            """,
            "CREATE TABLE sessions (token_hash TEXT PRIMARY KEY, user_id TEXT NOT NULL, expires_at DOUBLE PRECISION NOT NULL)",
        ]),
        Migration(identifier: "v2: unit tracks", statements: [
            """
            CREATE TABLE tracks (
                unit_id TEXT COLLATE "C" NOT NULL, at_ms BIGINT NOT NULL,
                lat DOUBLE PRECISION NOT NULL, lon DOUBLE PRECISION NOT NULL,
                speed DOUBLE PRECISION, heading DOUBLE PRECISION, path TEXT COLLATE "C" NOT NULL,
                PRIMARY KEY (unit_id, at_ms)
            )
            """,
            "CREATE INDEX tracks_path ON tracks (path, at_ms)",
        ]),
        Migration(identifier: "v3: messages to units", statements: [
            """
            CREATE TABLE messages (id TEXT COLLATE "C" PRIMARY KEY, path TEXT COLLATE "C" NOT NULL,
                                   version BIGINT NOT NULL, doc TEXT NOT NULL, unit_id TEXT COLLATE "C" NOT NULL,
                                   broadcast_id TEXT COLLATE "C" NOT NULL, sent_at DOUBLE PRECISION NOT NULL)
            """,
            "CREATE INDEX messages_path ON messages (path, sent_at)",
            "CREATE INDEX messages_unit ON messages (unit_id, sent_at)",
            "CREATE INDEX messages_broadcast ON messages (broadcast_id)",
        ]),
        Migration(identifier: "v4: callsigns unique per station", statements: [
            "ALTER TABLE units ADD COLUMN callsign_key TEXT COLLATE \"C\"",
            // As in SQLite: the first unit of a station with a key keeps it, a duplicate stays without.
            // The key is `PoliceUnit.callsignKey`'s: NFKC, then ASCII letters upper-cased (only those).
            """
            UPDATE units SET callsign_key = k.key FROM (
                SELECT DISTINCT ON (path, key) id, key FROM (
                    SELECT id, path, translate(normalize(doc::json->>'callsign', NFKC), 'abcdefghijklmnopqrstuvwxyz',
                                               'ABCDEFGHIJKLMNOPQRSTUVWXYZ') AS key FROM units
                ) keyed ORDER BY path, key, id
            ) k WHERE units.id = k.id
            """,
            "CREATE UNIQUE INDEX units_callsign ON units (path, callsign_key)",
        ]),
        Migration(identifier: "v5: audit log look-ups", statements: [
            "CREATE INDEX events_subject ON events (subject, seq)",
            "CREATE INDEX events_actor ON events (actor_id, seq)",
            "CREATE INDEX events_type ON events (type, seq)",
            "CREATE INDEX events_at ON events (at_ms)",
        ]),
        Migration(identifier: "v6: sensors, watchlists, alerts, sensor records", statements: [
            """
            CREATE TABLE sensors (id TEXT COLLATE "C" PRIMARY KEY, path TEXT COLLATE "C" NOT NULL,
                                  version BIGINT NOT NULL, doc TEXT NOT NULL,
                                  token_hash TEXT NOT NULL CONSTRAINT sensors_token_hash_key UNIQUE)
            """,
            "CREATE INDEX sensors_path ON sensors (path)",
            """
            CREATE TABLE watchlists (id TEXT COLLATE "C" PRIMARY KEY, path TEXT COLLATE "C" NOT NULL,
                                     version BIGINT NOT NULL, doc TEXT NOT NULL, audience TEXT COLLATE "C" NOT NULL)
            """,
            "CREATE INDEX watchlists_path ON watchlists (path)",
            """
            CREATE TABLE watchlist_entries (id TEXT COLLATE "C" PRIMARY KEY, path TEXT COLLATE "C" NOT NULL,
                                            version BIGINT NOT NULL, doc TEXT NOT NULL,
                                            watchlist_id TEXT COLLATE "C" NOT NULL, active BIGINT NOT NULL)
            """,
            "CREATE INDEX watchlist_entries_path ON watchlist_entries (path)",
            "CREATE INDEX watchlist_entries_list ON watchlist_entries (watchlist_id, id)",
            """
            CREATE TABLE alerts (
                id TEXT COLLATE "C" PRIMARY KEY, path TEXT COLLATE "C" NOT NULL, version BIGINT NOT NULL, doc TEXT NOT NULL,
                status TEXT NOT NULL, raised_at DOUBLE PRECISION NOT NULL, cause TEXT COLLATE "C" NOT NULL,
                audience TEXT COLLATE "C" NOT NULL, group_id TEXT COLLATE "C" NOT NULL, severity TEXT NOT NULL
            )
            """,
            "CREATE INDEX alerts_path ON alerts (path, raised_at)",
            "CREATE INDEX alerts_cause ON alerts (cause, raised_at)",
            "CREATE INDEX alerts_raised ON alerts (raised_at)",
            """
            CREATE TABLE sensor_records (
                sensor_id TEXT COLLATE "C" NOT NULL, batch_id TEXT COLLATE "C" NOT NULL, seq BIGINT NOT NULL,
                at_ms BIGINT NOT NULL, path TEXT COLLATE "C" NOT NULL, kind TEXT NOT NULL,
                plate TEXT COLLATE "C", doc_hash TEXT COLLATE "C", doc TEXT NOT NULL,
                PRIMARY KEY (sensor_id, batch_id, seq)
            )
            """,
            // As in SQLite: a sensor's history and the purge use (sensor_id, at_ms); no index on at_ms alone.
            "CREATE INDEX sensor_records_sensor ON sensor_records (sensor_id, at_ms)",
            "CREATE INDEX sensor_records_plate ON sensor_records (plate, at_ms)",
        ]),
        Migration(identifier: "v7: agencies, referrals, supervision cases", statements: [
            """
            CREATE TABLE agencies (id TEXT COLLATE "C" PRIMARY KEY, path TEXT COLLATE "C" NOT NULL,
                                   version BIGINT NOT NULL, doc TEXT NOT NULL)
            """,
            """
            CREATE TABLE referrals (
                id TEXT COLLATE "C" PRIMARY KEY, path TEXT COLLATE "C" NOT NULL, version BIGINT NOT NULL, doc TEXT NOT NULL,
                agency_id TEXT COLLATE "C" NOT NULL, incident_id TEXT COLLATE "C" NOT NULL, status TEXT NOT NULL,
                sent_at DOUBLE PRECISION NOT NULL
            )
            """,
            "CREATE INDEX referrals_path ON referrals (path, sent_at)",
            "CREATE INDEX referrals_agency ON referrals (agency_id, sent_at)",
            "CREATE INDEX referrals_incident ON referrals (incident_id)",
            """
            CREATE TABLE supervision_cases (
                id TEXT COLLATE "C" PRIMARY KEY, path TEXT COLLATE "C" NOT NULL, version BIGINT NOT NULL, doc TEXT NOT NULL,
                status TEXT NOT NULL, opened_at DOUBLE PRECISION NOT NULL, subject TEXT COLLATE "C" NOT NULL
            )
            """,
            "CREATE INDEX supervision_cases_path ON supervision_cases (path, opened_at)",
            "CREATE INDEX supervision_cases_status ON supervision_cases (status, opened_at)",
            "CREATE INDEX supervision_cases_subject ON supervision_cases (subject)",
        ]),
        // As in SQLite: the description in `doc`, the pages (HTML, PDF as base64, empty for none)
        // in columns a list never reads; one report per (kind, jurisdiction, day, language).
        Migration(identifier: "v8: reports", statements: [
            """
            CREATE TABLE reports (
                id TEXT COLLATE "C" PRIMARY KEY, path TEXT COLLATE "C" NOT NULL, version BIGINT NOT NULL, doc TEXT NOT NULL,
                kind TEXT NOT NULL, jurisdiction_id TEXT COLLATE "C" NOT NULL, day TEXT COLLATE "C" NOT NULL, language TEXT NOT NULL,
                generated_at DOUBLE PRECISION NOT NULL, html TEXT NOT NULL, pdf TEXT NOT NULL
            )
            """,
            "CREATE INDEX reports_path ON reports (path, day)",
            "CREATE UNIQUE INDEX reports_key ON reports (kind, jurisdiction_id, day, language)",
        ]),
        // As in SQLite: addresses by normalised key with the text the search index loads (in
        // insertion order: `seq`), inhabitants by address and by ID number.
        Migration(identifier: "v10: standard addresses and inhabitants", statements: [
            """
            CREATE TABLE addresses (
                seq BIGSERIAL, id TEXT COLLATE "C" PRIMARY KEY, path TEXT COLLATE "C" NOT NULL, version BIGINT NOT NULL, doc TEXT NOT NULL,
                addr_key TEXT COLLATE "C" NOT NULL, text TEXT NOT NULL, active BIGINT NOT NULL
            )
            """,
            "CREATE INDEX addresses_key ON addresses (addr_key)",
            """
            CREATE TABLE inhabitants (
                seq BIGSERIAL, id TEXT COLLATE "C" PRIMARY KEY, path TEXT COLLATE "C" NOT NULL, version BIGINT NOT NULL, doc TEXT NOT NULL,
                address_id TEXT COLLATE "C" NOT NULL, id_number TEXT COLLATE "C" NOT NULL
            )
            """,
            "CREATE INDEX inhabitants_address ON inhabitants (address_id, seq)",
            "CREATE INDEX inhabitants_number ON inhabitants (id_number)",
        ]),
        // As in SQLite: anti-fraud warnings by reference, and by path or status with the deadline.
        Migration(identifier: "v11: anti-fraud warnings", statements: [
            """
            CREATE TABLE fraud_warnings (
                id TEXT COLLATE "C" PRIMARY KEY, path TEXT COLLATE "C" NOT NULL, version BIGINT NOT NULL, doc TEXT NOT NULL,
                reference TEXT COLLATE "C" NOT NULL, status TEXT NOT NULL, deadline DOUBLE PRECISION NOT NULL,
                received_at DOUBLE PRECISION NOT NULL
            )
            """,
            "CREATE INDEX fraud_warnings_reference ON fraud_warnings (reference)",
            "CREATE INDEX fraud_warnings_path ON fraud_warnings (path, deadline)",
            "CREATE INDEX fraud_warnings_status ON fraud_warnings (status, deadline)",
        ]),
        // As in SQLite: disputes by path or status with their opening time.
        Migration(identifier: "v12: disputes", statements: [
            """
            CREATE TABLE disputes (
                id TEXT COLLATE "C" PRIMARY KEY, path TEXT COLLATE "C" NOT NULL, version BIGINT NOT NULL, doc TEXT NOT NULL,
                status TEXT NOT NULL, risk TEXT NOT NULL, opened_at DOUBLE PRECISION NOT NULL
            )
            """,
            "CREATE INDEX disputes_path ON disputes (path, opened_at)",
            "CREATE INDEX disputes_status ON disputes (status, opened_at)",
        ]),
        // As in SQLite: the check outcome by column, earlier checks taken as found right.
        Migration(identifier: "v13: addresses' check outcome", statements: [
            "ALTER TABLE addresses ADD COLUMN checked BIGINT NOT NULL DEFAULT 0",
            "ALTER TABLE addresses ADD COLUMN correct BIGINT NOT NULL DEFAULT 0",
            "UPDATE addresses SET checked = 1, correct = 1 WHERE (doc::jsonb) ? 'checkedAt'",
        ]),
        // As in SQLite: volunteer teams, and their shifts by state, pending reports, team and member.
        Migration(identifier: "v14: volunteers", statements: [
            """
            CREATE TABLE volunteer_teams (
                id TEXT COLLATE "C" PRIMARY KEY, path TEXT COLLATE "C" NOT NULL, version BIGINT NOT NULL, doc TEXT NOT NULL
            )
            """,
            "CREATE INDEX volunteer_teams_path ON volunteer_teams (path)",
            """
            CREATE TABLE volunteer_shifts (
                id TEXT COLLATE "C" PRIMARY KEY, path TEXT COLLATE "C" NOT NULL, version BIGINT NOT NULL, doc TEXT NOT NULL,
                team_id TEXT NOT NULL, username TEXT NOT NULL, state TEXT NOT NULL, pending TEXT NOT NULL, started_at DOUBLE PRECISION NOT NULL
            )
            """,
            "CREATE INDEX volunteer_shifts_path ON volunteer_shifts (path, started_at)",
            "CREATE INDEX volunteer_shifts_state ON volunteer_shifts (state, started_at)",
            "CREATE INDEX volunteer_shifts_pending ON volunteer_shifts (pending, started_at)",
            "CREATE INDEX volunteer_shifts_team ON volunteer_shifts (team_id, started_at)",
            "CREATE INDEX volunteer_shifts_username ON volunteer_shifts (username, started_at)",
        ]),
        // As in SQLite: a house per address, an organisation per credit code.
        Migration(identifier: "v15: actual houses and organisations", statements: [
            """
            CREATE TABLE actual_houses (
                id TEXT COLLATE "C" PRIMARY KEY, path TEXT COLLATE "C" NOT NULL, version BIGINT NOT NULL, doc TEXT NOT NULL, address_id TEXT NOT NULL UNIQUE
            )
            """,
            "CREATE INDEX actual_houses_path ON actual_houses (path)",
            """
            CREATE TABLE actual_organisations (
                id TEXT COLLATE "C" PRIMARY KEY, path TEXT COLLATE "C" NOT NULL, version BIGINT NOT NULL, doc TEXT NOT NULL,
                address_id TEXT NOT NULL, credit_code TEXT NOT NULL UNIQUE, active BIGINT NOT NULL
            )
            """,
            "CREATE INDEX actual_organisations_address ON actual_organisations (address_id)",
            "CREATE INDEX actual_organisations_path ON actual_organisations (path)",
        ]),
    ]

    /// Applies every migration not yet recorded, all in one transaction under the advisory lock:
    /// a failure leaves the schema as it was, and a second instance waits, then finds nothing to do.
    static func migrate(_ client: PostgresClient, logger: Logger) async throws {
        try await client.inTransaction(logger: logger) { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(\(lockKey))", logger: logger)
            try await connection.query("""
                CREATE TABLE IF NOT EXISTS pingan_migrations (
                    identifier TEXT PRIMARY KEY,
                    applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
                )
                """, logger: logger)
            var applied: Set<String> = []
            for try await identifier in try await connection.query("SELECT identifier FROM pingan_migrations", logger: logger)
                .decode(String.self) {
                applied.insert(identifier)
            }
            for migration in all where !applied.contains(migration.identifier) {
                logger.info("applying migration", metadata: ["migration": "\(migration.identifier)"])
                for statement in migration.statements {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.query("INSERT INTO pingan_migrations (identifier) VALUES (\(migration.identifier))", logger: logger)
            }
        }
    }
}
