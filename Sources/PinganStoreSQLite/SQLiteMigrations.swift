import Foundation
import GRDB
import PinganCore

/// The schema of the embedded store, one migration per change, never edited once released.
enum SQLiteMigrations {
    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1: event log, projections, counters, idempotency, sessions") { db in
            try db.execute(sql: """
                CREATE TABLE events (
                    seq INTEGER PRIMARY KEY,
                    at_ms INTEGER NOT NULL,
                    actor_id TEXT NOT NULL,
                    actor_name TEXT NOT NULL,
                    command TEXT NOT NULL,
                    type TEXT NOT NULL,
                    subject TEXT NOT NULL,
                    path TEXT NOT NULL,
                    payload TEXT NOT NULL,
                    prev_hash TEXT NOT NULL,
                    hash TEXT NOT NULL
                );
                CREATE INDEX events_path ON events(path, seq);
                CREATE TABLE chain_head (id INTEGER PRIMARY KEY CHECK (id = 1), seq INTEGER NOT NULL, hash TEXT NOT NULL);
                CREATE TRIGGER events_no_update BEFORE UPDATE ON events BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
                CREATE TRIGGER events_no_delete BEFORE DELETE ON events BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;

                CREATE TABLE jurisdictions (id TEXT PRIMARY KEY, path TEXT NOT NULL, version INTEGER NOT NULL, doc TEXT NOT NULL);
                CREATE INDEX jurisdictions_path ON jurisdictions(path);
                CREATE TABLE posts (id TEXT PRIMARY KEY, path TEXT NOT NULL, version INTEGER NOT NULL, doc TEXT NOT NULL);
                CREATE INDEX posts_path ON posts(path);
                CREATE TABLE zones (id TEXT PRIMARY KEY, path TEXT NOT NULL, version INTEGER NOT NULL, doc TEXT NOT NULL);
                CREATE INDEX zones_path ON zones(path);
                CREATE TABLE units (id TEXT PRIMARY KEY, path TEXT NOT NULL, version INTEGER NOT NULL, doc TEXT NOT NULL);
                CREATE INDEX units_path ON units(path);
                CREATE TABLE users (id TEXT PRIMARY KEY, path TEXT NOT NULL, version INTEGER NOT NULL, doc TEXT NOT NULL,
                                    username TEXT NOT NULL UNIQUE);
                CREATE INDEX users_path ON users(path);
                CREATE TABLE incidents (
                    id TEXT PRIMARY KEY, path TEXT NOT NULL, version INTEGER NOT NULL, doc TEXT NOT NULL,
                    status TEXT NOT NULL, category TEXT NOT NULL, priority INTEGER NOT NULL,
                    received_at REAL NOT NULL, lat REAL NOT NULL, lon REAL NOT NULL,
                    jurisdiction_id TEXT NOT NULL, search TEXT NOT NULL
                );
                CREATE INDEX incidents_path ON incidents(path, received_at);
                CREATE INDEX incidents_received ON incidents(received_at);
                CREATE INDEX incidents_status ON incidents(status, received_at);

                CREATE TABLE counters (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
                CREATE TABLE idempotency (key TEXT PRIMARY KEY, request_hash TEXT NOT NULL, status INTEGER NOT NULL,
                                          body TEXT NOT NULL, created_at REAL NOT NULL);
                CREATE TABLE sessions (token_hash TEXT PRIMARY KEY, user_id TEXT NOT NULL, expires_at REAL NOT NULL);
                """)
        }
        m.registerMigration("v2: unit tracks") { db in
            try db.execute(sql: """
                CREATE TABLE tracks (
                    unit_id TEXT NOT NULL, at_ms INTEGER NOT NULL, lat REAL NOT NULL, lon REAL NOT NULL,
                    speed REAL, heading REAL, path TEXT NOT NULL,
                    PRIMARY KEY (unit_id, at_ms)
                ) WITHOUT ROWID;
                CREATE INDEX tracks_path ON tracks(path, at_ms);
                """)
        }
        m.registerMigration("v3: messages to units") { db in
            try db.execute(sql: """
                CREATE TABLE messages (id TEXT PRIMARY KEY, path TEXT NOT NULL, version INTEGER NOT NULL, doc TEXT NOT NULL,
                                       unit_id TEXT NOT NULL, broadcast_id TEXT NOT NULL, sent_at REAL NOT NULL);
                CREATE INDEX messages_path ON messages(path, sent_at);
                CREATE INDEX messages_unit ON messages(unit_id, sent_at);
                CREATE INDEX messages_broadcast ON messages(broadcast_id);
                """)
        }
        m.registerMigration("v4: callsigns unique per station") { db in
            try db.execute(sql: "ALTER TABLE units ADD COLUMN callsign_key TEXT")
            // Keys for the units already stored; where two of a station already share one, the
            // first keeps it and the other stays without (it can be renamed later).
            var taken: Set<String> = []
            for row in try Row.fetchAll(db, sql: "SELECT id, path, doc FROM units ORDER BY id") {
                let doc: String = row["doc"]
                guard let unit = try? JSONCoding.decoder.decode(PoliceUnit.self, from: Data(doc.utf8)) else { continue }
                let path: String = row["path"]
                guard taken.insert(path + "\n" + unit.callsignKey).inserted else { continue }
                try db.execute(sql: "UPDATE units SET callsign_key = ? WHERE id = ?", arguments: [unit.callsignKey, row["id"] as String])
            }
            try db.execute(sql: "CREATE UNIQUE INDEX units_callsign ON units(path, callsign_key)")
        }
        m.registerMigration("v5: audit log look-ups") { db in
            try db.execute(sql: """
                CREATE INDEX events_subject ON events(subject, seq);
                CREATE INDEX events_actor ON events(actor_id, seq);
                CREATE INDEX events_type ON events(type, seq);
                CREATE INDEX events_at ON events(at_ms);
                """)
        }
        // Sensor records are the hottest table: a rowid table (appends land at its end; WITHOUT
        // ROWID, ordered by the batch key, measured a third slower) with the fewest indexes its
        // reads need. (sensor_id, at_ms) serves a sensor's history and the purge, one range per
        // sensor; a separate (at_ms) index would cost every append another b-tree for the purge
        // alone (about 12% of the insert time in release).
        m.registerMigration("v6: sensors, watchlists, alerts, sensor records") { db in
            try db.execute(sql: """
                CREATE TABLE sensors (id TEXT PRIMARY KEY, path TEXT NOT NULL, version INTEGER NOT NULL, doc TEXT NOT NULL,
                                      token_hash TEXT NOT NULL UNIQUE);
                CREATE INDEX sensors_path ON sensors(path);
                CREATE TABLE watchlists (id TEXT PRIMARY KEY, path TEXT NOT NULL, version INTEGER NOT NULL, doc TEXT NOT NULL,
                                         audience TEXT NOT NULL);
                CREATE INDEX watchlists_path ON watchlists(path);
                CREATE TABLE watchlist_entries (id TEXT PRIMARY KEY, path TEXT NOT NULL, version INTEGER NOT NULL, doc TEXT NOT NULL,
                                                watchlist_id TEXT NOT NULL, active INTEGER NOT NULL);
                CREATE INDEX watchlist_entries_path ON watchlist_entries(path);
                CREATE INDEX watchlist_entries_list ON watchlist_entries(watchlist_id, id);
                CREATE TABLE alerts (
                    id TEXT PRIMARY KEY, path TEXT NOT NULL, version INTEGER NOT NULL, doc TEXT NOT NULL,
                    status TEXT NOT NULL, raised_at REAL NOT NULL, cause TEXT NOT NULL, audience TEXT NOT NULL,
                    group_id TEXT NOT NULL, severity TEXT NOT NULL
                );
                CREATE INDEX alerts_path ON alerts(path, raised_at);
                CREATE INDEX alerts_cause ON alerts(cause, raised_at);
                CREATE INDEX alerts_raised ON alerts(raised_at);

                CREATE TABLE sensor_records (
                    sensor_id TEXT NOT NULL, batch_id TEXT NOT NULL, seq INTEGER NOT NULL, at_ms INTEGER NOT NULL,
                    path TEXT NOT NULL, kind TEXT NOT NULL, plate TEXT, doc_hash TEXT, doc TEXT NOT NULL,
                    PRIMARY KEY (sensor_id, batch_id, seq)
                );
                CREATE INDEX sensor_records_sensor ON sensor_records(sensor_id, at_ms);
                CREATE INDEX sensor_records_plate ON sensor_records(plate, at_ms);
                """)
        }
        // Agencies are few and read whole; referrals are read by the police by path and by the
        // agency by its id; supervision cases by path and state, and by the item they chase.
        m.registerMigration("v7: agencies, referrals, supervision cases") { db in
            try db.execute(sql: """
                CREATE TABLE agencies (id TEXT PRIMARY KEY, path TEXT NOT NULL, version INTEGER NOT NULL, doc TEXT NOT NULL);
                CREATE TABLE referrals (
                    id TEXT PRIMARY KEY, path TEXT NOT NULL, version INTEGER NOT NULL, doc TEXT NOT NULL,
                    agency_id TEXT NOT NULL, incident_id TEXT NOT NULL, status TEXT NOT NULL, sent_at REAL NOT NULL
                );
                CREATE INDEX referrals_path ON referrals(path, sent_at);
                CREATE INDEX referrals_agency ON referrals(agency_id, sent_at);
                CREATE INDEX referrals_incident ON referrals(incident_id);
                CREATE TABLE supervision_cases (
                    id TEXT PRIMARY KEY, path TEXT NOT NULL, version INTEGER NOT NULL, doc TEXT NOT NULL,
                    status TEXT NOT NULL, opened_at REAL NOT NULL, subject TEXT NOT NULL
                );
                CREATE INDEX supervision_cases_path ON supervision_cases(path, opened_at);
                CREATE INDEX supervision_cases_status ON supervision_cases(status, opened_at);
                CREATE INDEX supervision_cases_subject ON supervision_cases(subject);
                """)
        }
        // Reports: the description in `doc`, the pages (HTML, PDF as base64, empty for none) in
        // columns a list never reads; one report per (kind, jurisdiction, day, language).
        m.registerMigration("v8: reports") { db in
            try db.execute(sql: """
                CREATE TABLE reports (
                    id TEXT PRIMARY KEY, path TEXT NOT NULL, version INTEGER NOT NULL, doc TEXT NOT NULL,
                    kind TEXT NOT NULL, jurisdiction_id TEXT NOT NULL, day TEXT NOT NULL, language TEXT NOT NULL,
                    generated_at REAL NOT NULL, html TEXT NOT NULL, pdf TEXT NOT NULL
                );
                CREATE INDEX reports_path ON reports(path, day);
                CREATE UNIQUE INDEX reports_key ON reports(kind, jurisdiction_id, day, language);
                """)
        }
        // Sensor records by plate, indexed in sorted runs (`SQLiteStore.plateRun` records at a
        // time) instead of one random B-tree insert per read: a plate index kept up read by read
        // dirtied about one page per read, most of a batch's write. Records get an integer key so
        // the run's high-water mark (`sensor_plates_upto`) names them stably.
        m.registerMigration("v9: sensor records' plates indexed in runs") { db in
            try db.execute(sql: """
                CREATE TABLE sensor_records_v9 (
                    id INTEGER PRIMARY KEY,
                    sensor_id TEXT NOT NULL, batch_id TEXT NOT NULL, seq INTEGER NOT NULL, at_ms INTEGER NOT NULL,
                    path TEXT NOT NULL, kind TEXT NOT NULL, plate TEXT, doc_hash TEXT, doc TEXT NOT NULL,
                    UNIQUE (sensor_id, batch_id, seq)
                );
                INSERT INTO sensor_records_v9 (sensor_id, batch_id, seq, at_ms, path, kind, plate, doc_hash, doc)
                    SELECT sensor_id, batch_id, seq, at_ms, path, kind, plate, doc_hash, doc FROM sensor_records ORDER BY rowid;
                DROP TABLE sensor_records;
                ALTER TABLE sensor_records_v9 RENAME TO sensor_records;
                CREATE INDEX sensor_records_sensor ON sensor_records(sensor_id, at_ms);
                CREATE TABLE sensor_plates (plate TEXT NOT NULL, at_ms INTEGER NOT NULL, record INTEGER NOT NULL,
                                            PRIMARY KEY (plate, at_ms, record)) WITHOUT ROWID;
                INSERT INTO sensor_plates SELECT plate, at_ms, id FROM sensor_records WHERE plate IS NOT NULL ORDER BY plate, at_ms, id;
                CREATE TABLE sensor_plates_upto (upto INTEGER NOT NULL);
                INSERT INTO sensor_plates_upto SELECT coalesce(max(id), 0) FROM sensor_records;
                """)
        }
        // The grass-roots registries: standard addresses by their normalised key (duplicates are
        // looked up by it) with the display text the search index loads; inhabitants by address
        // and by ID number (one person, one registration).
        m.registerMigration("v10: standard addresses and inhabitants") { db in
            try db.execute(sql: """
                CREATE TABLE addresses (
                    id TEXT PRIMARY KEY, path TEXT NOT NULL, version INTEGER NOT NULL, doc TEXT NOT NULL,
                    addr_key TEXT NOT NULL, text TEXT NOT NULL, active INTEGER NOT NULL
                );
                CREATE INDEX addresses_key ON addresses(addr_key);
                CREATE TABLE inhabitants (
                    id TEXT PRIMARY KEY, path TEXT NOT NULL, version INTEGER NOT NULL, doc TEXT NOT NULL,
                    address_id TEXT NOT NULL, id_number TEXT NOT NULL
                );
                CREATE INDEX inhabitants_address ON inhabitants(address_id);
                CREATE INDEX inhabitants_number ON inhabitants(id_number);
                """)
        }
        // Anti-fraud warnings: by the sender's reference (a second one is a duplicate) and, for
        // a station's work list and the sweep, by status and deadline.
        m.registerMigration("v11: anti-fraud warnings") { db in
            try db.execute(sql: """
                CREATE TABLE fraud_warnings (
                    id TEXT PRIMARY KEY, path TEXT NOT NULL, version INTEGER NOT NULL, doc TEXT NOT NULL,
                    reference TEXT NOT NULL, status TEXT NOT NULL, deadline REAL NOT NULL, received_at REAL NOT NULL
                );
                CREATE INDEX fraud_warnings_reference ON fraud_warnings(reference);
                CREATE INDEX fraud_warnings_path ON fraud_warnings(path, deadline);
                CREATE INDEX fraud_warnings_status ON fraud_warnings(status, deadline);
                """)
        }
        // Disputes: a station's book by opening time, and the open ones the sweep reads.
        m.registerMigration("v12: disputes") { db in
            try db.execute(sql: """
                CREATE TABLE disputes (
                    id TEXT PRIMARY KEY, path TEXT NOT NULL, version INTEGER NOT NULL, doc TEXT NOT NULL,
                    status TEXT NOT NULL, risk TEXT NOT NULL, opened_at REAL NOT NULL
                );
                CREATE INDEX disputes_path ON disputes(path, opened_at);
                CREATE INDEX disputes_status ON disputes(status, opened_at);
                """)
        }
        // The registries' quality figures count checked addresses and those found right by
        // column; addresses checked before are taken as found right (the only outcome then).
        m.registerMigration("v13: addresses' check outcome") { db in
            try db.execute(sql: """
                ALTER TABLE addresses ADD COLUMN checked INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE addresses ADD COLUMN correct INTEGER NOT NULL DEFAULT 0;
                UPDATE addresses SET checked = 1, correct = 1 WHERE json_extract(doc, '$.checkedAt') IS NOT NULL;
                """)
        }
        // Volunteer teams (a station's few) and their shifts: the running ones for the map, those
        // with reports waiting for the station, a team's or a member's by start.
        m.registerMigration("v14: volunteers") { db in
            try db.execute(sql: """
                CREATE TABLE volunteer_teams (
                    id TEXT PRIMARY KEY, path TEXT NOT NULL, version INTEGER NOT NULL, doc TEXT NOT NULL
                );
                CREATE INDEX volunteer_teams_path ON volunteer_teams(path);
                CREATE TABLE volunteer_shifts (
                    id TEXT PRIMARY KEY, path TEXT NOT NULL, version INTEGER NOT NULL, doc TEXT NOT NULL,
                    team_id TEXT NOT NULL, username TEXT NOT NULL, state TEXT NOT NULL, pending TEXT NOT NULL, started_at REAL NOT NULL
                );
                CREATE INDEX volunteer_shifts_path ON volunteer_shifts(path, started_at);
                CREATE INDEX volunteer_shifts_state ON volunteer_shifts(state, started_at);
                CREATE INDEX volunteer_shifts_pending ON volunteer_shifts(pending, started_at);
                CREATE INDEX volunteer_shifts_team ON volunteer_shifts(team_id, started_at);
                CREATE INDEX volunteer_shifts_username ON volunteer_shifts(username, started_at);
                """)
        }
        // The other two actuals (实有房屋, 实有单位): by their address, an organisation by its credit code.
        m.registerMigration("v15: actual houses and organisations") { db in
            try db.execute(sql: """
                CREATE TABLE actual_houses (
                    id TEXT PRIMARY KEY, path TEXT NOT NULL, version INTEGER NOT NULL, doc TEXT NOT NULL, address_id TEXT NOT NULL UNIQUE
                );
                CREATE INDEX actual_houses_path ON actual_houses(path);
                CREATE TABLE actual_organisations (
                    id TEXT PRIMARY KEY, path TEXT NOT NULL, version INTEGER NOT NULL, doc TEXT NOT NULL,
                    address_id TEXT NOT NULL, credit_code TEXT NOT NULL UNIQUE, active INTEGER NOT NULL
                );
                CREATE INDEX actual_organisations_address ON actual_organisations(address_id);
                CREATE INDEX actual_organisations_path ON actual_organisations(path);
                """)
        }
        // Sensor records in chunks of up to 256 of one (sensor, batch) per row (`SensorChunk`):
        // a row, a unique key entry and a sensor index entry per read kept the one writer busy for
        // most of a batch's time. The plate index is keyed by run first (`indexPlates`). The
        // records move over in key order, their plates are indexed again as one run.
        m.registerMigration("v16: sensor records in chunks") { db in
            try db.execute(sql: """
                CREATE TABLE sensor_chunks (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    sensor_id TEXT NOT NULL, batch_id TEXT NOT NULL, path TEXT NOT NULL,
                    first_ms INTEGER NOT NULL, last_ms INTEGER NOT NULL, count INTEGER NOT NULL,
                    plates TEXT NOT NULL, docs TEXT NOT NULL
                );
                CREATE INDEX sensor_chunks_batch ON sensor_chunks(sensor_id, batch_id);
                CREATE INDEX sensor_chunks_sensor ON sensor_chunks(sensor_id, last_ms);
                CREATE INDEX sensor_chunks_last ON sensor_chunks(last_ms);
                CREATE INDEX sensor_chunks_first ON sensor_chunks(first_ms);
                """)
            let old = try Row.fetchCursor(db, sql: """
                SELECT sensor_id, batch_id, path, seq, at_ms, plate, doc FROM sensor_records ORDER BY sensor_id, batch_id, path, seq
                """)
            var pending: [SensorChunk.Line] = []
            let insert = try SQLiteStore.ChunkInsert(db)
            func flush() throws {
                for chunk in SensorChunk.chunks(pending) { try insert(chunk) }
                pending.removeAll(keepingCapacity: true)
            }
            while let row = try old.next() {
                let doc: String = row[6]
                let line = SensorChunk.Line(sensorID: row[0], batchID: row[1], path: row[2], seq: row[3], atMs: row[4], plate: row[5], doc: .text(doc[...]))
                if let last = pending.last, last.sensorID != line.sensorID || last.batchID != line.batchID || pending.count >= SensorChunk.size {
                    try flush()
                }
                pending.append(line)
            }
            try flush()
            try db.execute(sql: """
                DROP TABLE sensor_records;
                DROP TABLE sensor_plates;
                CREATE TABLE sensor_plate_runs (id INTEGER PRIMARY KEY AUTOINCREMENT, first_ms INTEGER NOT NULL, last_ms INTEGER NOT NULL);
                CREATE INDEX sensor_plate_runs_last ON sensor_plate_runs(last_ms);
                CREATE TABLE sensor_plates (run INTEGER NOT NULL, plate TEXT NOT NULL, chunk INTEGER NOT NULL, seq INTEGER NOT NULL,
                                            PRIMARY KEY (run, plate, chunk, seq)) WITHOUT ROWID;
                UPDATE sensor_plates_upto SET upto = 0;
                """)
            // Indexed by v17, in the index's later form.
        }
        m.registerMigration("v17: plate index in pages") { db in
            // A run's entries packed into pages (`PlatePage`), not a row each: the runs are made
            // again from the chunks.
            try db.execute(sql: """
                DROP TABLE sensor_plates;
                DELETE FROM sensor_plate_runs;
                CREATE TABLE sensor_plate_pages (run INTEGER NOT NULL, first_key BLOB NOT NULL, entries BLOB NOT NULL,
                                                 PRIMARY KEY (run, first_key)) WITHOUT ROWID;
                UPDATE sensor_plates_upto SET upto = 0;
                """)
            try SQLiteStore.indexPlates(db)
        }
        return m
    }
}
